/**
 * Item detail (pages/catalog/detail/index?id=): gallery swiper (video first when there is one), the caller's price
 * with the retail price struck through when lower, sales count and stock when the settings show them, what the
 * package holds (or the package a card redeems for), the rich-text detail, favorite toggle and share.
 * Favoriting needs a login: the login page opens and, back here, the favorite is done.
 * (Cart and checkout come with their own issue: no buy buttons yet.)
 */
const catalogService = require('../../../services/catalog');
const favoriteService = require('../../../services/favorite');
const session = require('../../../utils/session');
const url = require('../../../utils/url');
const richtext = require('../../../utils/richtext');
const wxp = require('../../../utils/wxp');

const LOGIN_PAGE = '/pages/auth/login/index';
const HOME_TAB = '/pages/home/index/index';

function viewContents(contents) {
  return (contents || []).map((c, index) => ({
    key: `${c.product_id || c.product_name}-${index}`,
    name: c.product_name,
    quantity: c.quantity,
    unit: c.unit || '',
  }));
}

function viewItem(detail) {
  const gallery = (detail.gallery || []).map(url.assetUrl).filter(Boolean);
  const images = gallery.length ? gallery : [url.assetUrl(detail.cover_url)].filter(Boolean);
  const redeem = detail.redeem_package;
  return {
    id: detail.id,
    kind: detail.kind,
    kindLabel: catalogService.kindLabel(detail.kind),
    name: detail.name,
    subtitle: detail.subtitle || '',
    unit: detail.unit || '',
    price: detail.price,
    retailPrice: detail.retail_price,
    memberPrice: typeof detail.price === 'number' && detail.price < detail.retail_price,
    images,
    videoSrc: url.assetUrl(detail.video_url),
    showSales: Boolean(detail.show_sales_count),
    salesCount: detail.sales_count || 0,
    showStock: detail.stock !== null && detail.stock !== undefined,
    stock: detail.stock,
    isSoldOut: Boolean(detail.is_sold_out),
    reviewCount: detail.review_count || 0,
    rating: typeof detail.rating_avg === 'number' ? detail.rating_avg.toFixed(1) : '',
    contents: viewContents(detail.contents),
    redeemPackage: redeem ? { id: redeem.id, name: redeem.name, contents: viewContents(redeem.contents) } : null,
    html: richtext.prepareHtml(detail.detail_html),
  };
}

Page({
  data: {
    id: '',
    status: 'loading', // loading | error | notfound | ready
    errorMessage: '',
    item: null,
    isFavorite: false,
    favoriting: false,
    current: 0, // swiper slide
    slideCount: 0,
  },

  onLoad(query) {
    this.pendingFavorite = false;
    this.shown = false;
    const id = String((query && query.id) || '').trim();
    if (!/^\d+$/.test(id)) {
      this.setData({ status: 'notfound', errorMessage: '商品不存在或已下架' });
      return;
    }
    this.setData({ id });
    this.load();
  },

  onShow() {
    // Coming back (from the login page, from another item): the favorite state and price may have changed.
    if (this.shown && this.data.status === 'ready') this.load({ silent: true }).then(() => this.finishPendingFavorite());
    this.shown = true;
  },

  onPullDownRefresh() {
    this.load({ silent: true }).then(() => wx.stopPullDownRefresh());
  },

  async load(options) {
    if (!this.data.id) return;
    const silent = options && options.silent;
    if (!silent) this.setData({ status: 'loading' });
    try {
      const detail = await catalogService.getItem(this.data.id, { showError: false });
      const item = viewItem(detail);
      this.setData({
        item,
        isFavorite: Boolean(detail.is_favorite),
        status: 'ready',
        slideCount: item.images.length + (item.videoSrc ? 1 : 0),
      });
      wx.setNavigationBarTitle({ title: item.name });
    } catch (err) {
      const notFound = err && (err.statusCode === 404 || err.error_code === 'ITEM_NOT_ON_SALE');
      if (silent && this.data.status === 'ready' && !notFound) {
        wxp.toast((err && err.message) || '刷新失败');
        return;
      }
      this.setData({
        status: notFound ? 'notfound' : 'error',
        errorMessage: notFound ? '商品不存在或已下架' : (err && err.message) || '加载失败',
      });
    }
  },

  onRetry() {
    return this.load();
  },

  goHome() {
    wx.switchTab({ url: HOME_TAB });
  },

  onSwiperChange(e) {
    this.setData({ current: e.detail.current });
  },

  onPreview(e) {
    const urls = this.data.item ? this.data.item.images : [];
    if (!urls.length) return;
    wx.previewImage({ current: urls[e.currentTarget.dataset.index] || urls[0], urls });
  },

  onRedeemPackageTap() {
    // the package a card redeems for may itself be off the shelf: its detail page then says so
    const pkg = this.data.item && this.data.item.redeemPackage;
    if (pkg && pkg.id) wx.navigateTo({ url: `/pages/catalog/detail/index?id=${pkg.id}` });
  },

  async onToggleFavorite() {
    if (this.data.favoriting || this.data.status !== 'ready') return;
    if (!session.isLoggedIn()) {
      this.pendingFavorite = true;
      wxp.toast('请先登录');
      wx.navigateTo({ url: LOGIN_PAGE });
      return;
    }
    await this.setFavorite(!this.data.isFavorite);
  },

  async setFavorite(favorite) {
    this.setData({ favoriting: true });
    try {
      const answer = await favoriteService.setFavorite(this.data.id, favorite);
      const isFavorite = answer && typeof answer.is_favorite === 'boolean' ? answer.is_favorite : favorite;
      this.setData({ isFavorite });
      wxp.toast(isFavorite ? '已收藏' : '已取消收藏', isFavorite ? 'success' : 'none');
    } catch (err) {
      // request.js showed the server's message (or opened the login page for a dead session)
    } finally {
      this.setData({ favoriting: false });
    }
  },

  /** Back from the login page after tapping 收藏 while logged out: finish what the user asked for. */
  async finishPendingFavorite() {
    if (!this.pendingFavorite) return;
    this.pendingFavorite = false;
    if (session.isLoggedIn() && !this.data.isFavorite && this.data.status === 'ready') await this.setFavorite(true);
  },

  onShareAppMessage() {
    const item = this.data.item;
    return {
      title: item ? item.name : '蟹礼',
      path: `/pages/catalog/detail/index?id=${this.data.id}`,
      imageUrl: item && item.images.length ? item.images[0] : undefined,
    };
  },

  onShareTimeline() {
    const item = this.data.item;
    return { title: item ? item.name : '蟹礼', query: `id=${this.data.id}` };
  },
});
