/**
 * Item detail (pages/catalog/detail/index?id=): gallery swiper (video first when there is one), the caller's price
 * with the retail price struck through when lower, sales count and stock when the settings show them, what the
 * package holds (or the package a card redeems for), the rich-text detail, favorite toggle and share.
 * Favoriting needs a login: the login page opens and, back here, the favorite is done.
 * The bottom bar: 加入购物车 (packages only) and 立即购买 (packages and cards) open a sheet with the quantity
 * (1–99, capped by the stock when it is shown); 立即购买 goes to the checkout with item_id + quantity. Both need a
 * login: the login page opens and, back here, the sheet opens again.
 */
const catalogService = require('../../../services/catalog');
const favoriteService = require('../../../services/favorite');
const cartService = require('../../../services/cart');
const session = require('../../../utils/session');
const url = require('../../../utils/url');
const richtext = require('../../../utils/richtext');
const wxp = require('../../../utils/wxp');

const LOGIN_PAGE = '/pages/auth/login/index';
const HOME_TAB = '/pages/home/index/index';
const CART_TAB = '/pages/cart/index/index';
const CHECKOUT_PAGE = '/pages/order/checkout/index';

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
    sheetVisible: false,
    sheetMode: 'cart', // cart | buy
    quantity: 1,
    maxQuantity: 99,
    adding: false,
  },

  onLoad(query) {
    this.pendingFavorite = false;
    this.pendingSheet = '';
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
    if (this.shown && this.data.status === 'ready') {
      this.load({ silent: true }).then(() => {
        this.finishPendingSheet();
        return this.finishPendingFavorite();
      });
    }
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
      const maxQuantity = Math.max(1, item.showStock ? Math.min(cartService.MAX_QUANTITY, item.stock) : cartService.MAX_QUANTITY);
      this.setData({
        maxQuantity,
        quantity: Math.min(this.data.quantity, maxQuantity),
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

  // ---- buying ------------------------------------------------------------------------------------------------------

  onAddToCartTap() {
    this.openSheet('cart');
  },

  onBuyNowTap() {
    this.openSheet('buy');
  },

  openSheet(mode) {
    const item = this.data.item;
    if (this.data.status !== 'ready' || !item) return;
    if (item.isSoldOut) {
      wxp.toast('商品已售罄');
      return;
    }
    if (mode === 'cart' && item.kind !== 'package') return; // cards are bought one order at a time
    if (!session.isLoggedIn()) {
      this.pendingSheet = mode;
      wxp.toast('请先登录');
      wx.navigateTo({ url: LOGIN_PAGE });
      return;
    }
    this.setData({ sheetVisible: true, sheetMode: mode });
  },

  /** Back from the login page after tapping a buy button while logged out: open the sheet the user asked for. */
  finishPendingSheet() {
    const mode = this.pendingSheet;
    this.pendingSheet = '';
    if (mode && session.isLoggedIn()) this.openSheet(mode);
  },

  onCloseSheet() {
    if (!this.data.adding) this.setData({ sheetVisible: false });
  },

  onQuantityChange(e) {
    const value = cartService.clampQuantity(e.detail && e.detail.value);
    this.setData({ quantity: Math.min(value, this.data.maxQuantity) });
  },

  async onConfirmSheet() {
    if (this.data.adding || !this.data.item) return;
    const quantity = this.data.quantity;
    if (this.data.sheetMode === 'buy') {
      this.setData({ sheetVisible: false });
      wx.navigateTo({ url: `${CHECKOUT_PAGE}?item_id=${this.data.item.id}&quantity=${quantity}` });
      return;
    }
    this.setData({ adding: true });
    try {
      await cartService.addToCart(this.data.item.id, quantity);
      this.setData({ sheetVisible: false });
      wxp.toast('已加入购物车', 'success');
    } catch (err) {
      // request.js showed the server's message (or opened the login page for a dead session)
    } finally {
      this.setData({ adding: false });
    }
  },

  goCart() {
    wx.switchTab({ url: CART_TAB });
  },

  noop() {},

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
