/** 进货单 (B2B cart): lines with a quantity stepper (within the stock), remove after a confirm, total, 去结算. */
const dealerService = require('../../../../services/dealer');
const format = require('../../../../utils/format');
const url = require('../../../../utils/url');
const wxp = require('../../../../utils/wxp');

function viewCart(cart) {
  const lines = ((cart && cart.lines) || []).map((line) => ({
    id: line.id,
    itemId: line.item_id,
    name: line.name,
    cover: url.assetUrl(line.cover_url),
    unitPrice: line.unit_price,
    quantity: line.quantity,
    lineTotalText: format.formatPrice(line.line_total),
    max: typeof line.stock === 'number' ? Math.max(1, Math.min(9999, line.stock)) : 9999,
    short: typeof line.stock === 'number' && line.quantity > line.stock,
  }));
  return { lines, totalText: format.formatPrice((cart && cart.total) || 0), count: lines.reduce((s, l) => s + l.quantity, 0) };
}

Page({
  data: {
    status: 'loading',
    errorMessage: '',
    cart: { lines: [], totalText: '', count: 0 },
    busyId: 0,
  },

  onShow() {
    this.load(this.data.status === 'ready');
  },

  async load(quiet) {
    if (!quiet) this.setData({ status: 'loading', errorMessage: '' });
    try {
      const cart = await dealerService.getB2bCart({ showError: false });
      this.setData({ status: 'ready', cart: viewCart(cart) });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onRetry() {
    return this.load(false);
  },

  async onQuantityChange(e) {
    const id = Number(e.currentTarget.dataset.id);
    const quantity = e.detail.value;
    this.setData({ busyId: id });
    try {
      const cart = await dealerService.updateB2bCartLine(id, quantity);
      this.setData({ cart: viewCart(cart) });
    } catch (err) {
      this.load(true); // back to what the server holds
    } finally {
      this.setData({ busyId: 0 });
    }
  },

  async onRemove(e) {
    const id = Number(e.currentTarget.dataset.id);
    const confirmed = await wxp.confirm('确定从进货单中移除该商品吗？', { confirmText: '移除' }).catch(() => false);
    if (!confirmed) return;
    try {
      const cart = await dealerService.removeB2bCartLine(id);
      this.setData({ cart: viewCart(cart) });
    } catch (err) {
      // toast shown by request.js
    }
  },

  onCheckout() {
    if (!this.data.cart.lines.length) return;
    if (this.data.cart.lines.some((l) => l.short)) {
      wxp.toast('部分商品库存不足，请调整数量');
      return;
    }
    wx.navigateTo({ url: '/packageDealer/pages/b2b/checkout/index' });
  },

  goItems() {
    wx.navigateBack({ delta: 1, fail: () => wx.redirectTo({ url: '/packageDealer/pages/b2b/items/index' }) });
  },
});
