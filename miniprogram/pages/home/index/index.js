/**
 * 首页: search bar, banner swiper, category entries (packages and cards), recommended items with the caller's price.
 * A banner opens what it links to: an item → its detail page, a mini-program page → that page, an https link →
 * copied with a toast (a web-view needs a business domain configured for the mini-program).
 */
const catalogService = require('../../../services/catalog');
const session = require('../../../utils/session');
const url = require('../../../utils/url');
const wxp = require('../../../utils/wxp');

const TAB_PAGES = ['pages/home/index/index', 'pages/category/index/index', 'pages/cart/index/index', 'pages/user/center/index'];
const SEARCH_PAGE = '/pages/catalog/search/index';
const LIST_PAGE = '/pages/catalog/list/index';
const DETAIL_PAGE = '/pages/catalog/detail/index';

function viewBanner(banner) {
  return Object.assign({}, banner, { imageSrc: url.assetUrl(banner.image_url) });
}

function viewCategory(category, scope) {
  return Object.assign({}, category, {
    scope,
    iconSrc: url.assetUrl(category.icon_url),
    initial: (category.name || '').slice(0, 1),
  });
}

/** The URL for navigateTo / switchTab from a banner's page target ('pages/…' or '/pages/…', query allowed). */
function pageUrl(target) {
  const value = String(target || '').trim();
  if (!value) return '';
  return value.charAt(0) === '/' ? value : `/${value}`;
}

function isTabPage(pagePath) {
  const route = pagePath.replace(/^\//, '').split('?')[0];
  return TAB_PAGES.indexOf(route) !== -1;
}

Page({
  data: {
    status: 'loading', // loading | error | empty | ready
    errorMessage: '',
    banners: [],
    recommended: [],
    categories: [],
    showSalesCount: false,
  },

  onLoad() {
    this.load();
  },

  onShow() {
    // Logged in or out since the page loaded (the login page is opened from 我的 or a detail page): the prices
    // shown are someone else's now.
    if (this.loadedAs !== undefined && this.loadedAs !== session.isLoggedIn()) this.load({ silent: true });
  },

  onPullDownRefresh() {
    this.load({ silent: true }).then(() => wx.stopPullDownRefresh());
  },

  async load(options) {
    const silent = options && options.silent;
    if (!silent) this.setData({ status: 'loading' });
    this.loadedAs = session.isLoggedIn();
    try {
      const home = (await catalogService.getHome({ showError: false })) || {};
      const categories = (home.package_categories || [])
        .map((c) => viewCategory(c, 'package'))
        .concat((home.card_categories || []).map((c) => viewCategory(c, 'card')));
      const banners = (home.banners || []).map(viewBanner);
      const recommended = home.recommended || [];
      this.setData({
        banners,
        recommended,
        categories,
        showSalesCount: Boolean(home.show_sales_count),
        status: banners.length || recommended.length || categories.length ? 'ready' : 'empty',
      });
    } catch (err) {
      const message = (err && err.message) || '加载失败';
      if (silent && this.data.status === 'ready') wxp.toast(message);
      else this.setData({ status: 'error', errorMessage: message });
    }
  },

  onRetry() {
    return this.load();
  },

  onSearchTap() {
    wx.navigateTo({ url: SEARCH_PAGE });
  },

  onBannerTap(e) {
    const banner = this.data.banners[e.currentTarget.dataset.index];
    if (!banner) return;
    const target = String(banner.link_target || '').trim();
    if (banner.link_type === 'item' && target) {
      wx.navigateTo({ url: `${DETAIL_PAGE}?id=${encodeURIComponent(target)}` });
    } else if (banner.link_type === 'page' && target) {
      const pagePath = pageUrl(target);
      if (isTabPage(pagePath)) wx.switchTab({ url: pagePath.split('?')[0] });
      else wx.navigateTo({ url: pagePath, fail: () => wxp.toast('页面暂未开放') });
    } else if (banner.link_type === 'url' && target) {
      wx.setClipboardData({
        data: target,
        success: () => wxp.toast('链接已复制，请在浏览器中打开'),
      });
    }
  },

  onCategoryTap(e) {
    const category = this.data.categories[e.currentTarget.dataset.index];
    if (!category) return;
    const kind = category.scope === 'package' ? 'package' : '';
    const query = [`category_id=${category.id}`, `title=${encodeURIComponent(category.name)}`];
    if (kind) query.unshift(`kind=${kind}`);
    wx.navigateTo({ url: `${LIST_PAGE}?${query.join('&')}` });
  },

  onKindTap(e) {
    const kind = e.currentTarget.dataset.kind;
    wx.navigateTo({ url: `${LIST_PAGE}?kind=${kind}` });
  },

  onShareAppMessage() {
    return { title: '蟹礼 · 阳澄湖大闸蟹', path: '/pages/home/index/index' };
  },
});

module.exports = { pageUrl, isTabPage };
