/**
 * Storefront catalog (/storefront/*): home, categories, item lists and details. Public endpoints: the token goes
 * along when logged in (auth 'optional'), so `price` is the member's level price; visitors get the retail price.
 */
const http = require('../utils/request');

const KINDS = ['package', 'physical_card', 'ecard'];
const SORTS = ['default', 'sales', '-sales', 'price', '-price', 'newest'];
const MAX_PAGE_SIZE = 50;

const KIND_LABELS = {
  package: '礼盒套餐',
  physical_card: '实体提货卡',
  ecard: '电子提货卡',
};

const PUBLIC = { auth: 'optional' };
// The lists do not say whether sales counts may be shown; home and details do: the last answer is kept here.
const SHOW_SALES_KEY = 'catalog.showSalesCount';

function rememberShowSales(answer) {
  if (answer && typeof answer.show_sales_count === 'boolean') {
    try {
      wx.setStorageSync(SHOW_SALES_KEY, answer.show_sales_count);
    } catch (e) {
      // not important enough to fail for
    }
  }
  return answer;
}

/** Whether list rows show sales counts: the setting last seen on home or a detail page (hidden until known). */
function showSalesCount() {
  try {
    return wx.getStorageSync(SHOW_SALES_KEY) === true;
  } catch (e) {
    return false;
  }
}

function withPublic(options) {
  return Object.assign({}, PUBLIC, options);
}

/** → {banners, recommended, package_categories, card_categories, show_sales_count} */
function getHome(options) {
  return http.get('/storefront/home', undefined, withPublic(options)).then(rememberShowSales);
}

/** scope ∈ package, card → array of {id, name, icon_url, sort_order, …} */
function listCategories(scope, options) {
  return http
    .get('/storefront/categories', { scope }, Object.assign({ auth: false }, options))
    .then((res) => (res && res.items) || []);
}

/**
 * query: kind, category_id, q, sort, page, page_size (≤ 50); unknown kinds and sorts are left out rather than
 * sent (the server would answer 422). → {items, total, page, page_size}
 */
function listItems(query, options) {
  const q = Object.assign({}, query);
  if (q.kind && KINDS.indexOf(q.kind) === -1) delete q.kind;
  if (q.sort && SORTS.indexOf(q.sort) === -1) delete q.sort;
  if (q.q !== undefined) q.q = String(q.q).trim().slice(0, 32);
  if (q.page_size) q.page_size = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(q.page_size) || 20));
  return http.get('/storefront/items', q, withPublic(options));
}

/** → detail (gallery, video_url, detail_html, stock | null, contents, redeem_package, is_favorite, …); 404 ITEM_NOT_ON_SALE */
function getItem(id, options) {
  return http.get(`/storefront/items/${encodeURIComponent(id)}`, undefined, withPublic(options)).then(rememberShowSales);
}

function kindLabel(kind) {
  return KIND_LABELS[kind] || '';
}

module.exports = {
  KINDS,
  SORTS,
  KIND_LABELS,
  MAX_PAGE_SIZE,
  getHome,
  listCategories,
  listItems,
  getItem,
  kindLabel,
  showSalesCount,
  SHOW_SALES_KEY,
};
