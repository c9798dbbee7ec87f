/**
 * 购物车 (tab): lines with a checkbox, a quantity stepper (1–99, capped by the stock), long press (or 管理 → 删除)
 * to delete after a confirmation, 全选, the total of the selected available lines (the server's
 * selected_amount), unavailable lines greyed out with the reason, 结算 → the checkout of the selected lines.
 * Logged out: a way to the login page. Reloaded every time the tab is shown; pull-to-refresh.
 */
const cartService = require('../../../services/cart');
const session = require('../../../utils/session');
const url = require('../../../utils/url');
const wxp = require('../../../utils/wxp');

const LOGIN_PAGE = '/pages/auth/login/index';
const HOME_TAB = '/pages/home/index/index';
const CHECKOUT_PAGE = '/pages/order/checkout/index';

// The server's unavailable_reason: off_shelf (off sale or deleted), sold_out (stock 0), short (less than the quantity).
const REASON_LABELS = { off_shelf: '商品已下架', sold_out: '已售罄', short: '库存不足' };

// 库存不足, with what is left when the item's stock says so
function shortLabel(item, quantity) {
  const stock = typeof item.stock === 'number' ? item.stock : null;
  return stock !== null && stock > 0 && stock < quantity ? `库存不足，仅剩${stock}${item.unit || '件'}` : REASON_LABELS.short;
}

function unavailableReason(line) {
  if (line.available) return '';
  const item = line.item || {};
  const reason = line.unavailable_reason;
  if (reason === 'short') return shortLabel(item, line.quantity);
  if (reason && REASON_LABELS[reason]) return REASON_LABELS[reason];
  // no (or an unknown) unavailable_reason: derived from the item as before
  const stock = typeof item.stock === 'number' ? item.stock : null;
  if (stock !== null && stock <= 0) return REASON_LABELS.sold_out;
  if (stock !== null && stock < line.quantity) return shortLabel(item, line.quantity);
  return REASON_LABELS.off_shelf;
}

function viewLine(line) {
  const item = line.item || {};
  const stock = typeof item.stock === 'number' ? item.stock : cartService.MAX_QUANTITY;
  return {
    id: line.id,
    itemId: line.item_id,
    name: item.name || '',
    unit: item.unit || '',
    cover: url.assetUrl(item.cover_url),
    price: line.price,
    retailPrice: item.retail_price,
    quantity: line.quantity,
    maxQuantity: Math.max(1, Math.min(cartService.MAX_QUANTITY, Math.max(stock, line.quantity))),
    isSelected: Boolean(line.is_selected),
    available: Boolean(line.available),
    reason: unavailableReason(line),
  };
}

Page({
  data: {
    loggedIn: true,
    status: 'loading', // loading | error | empty | ready
    errorMessage: '',
    lines: [],
    allSelected: false,
    selectedCount: 0,
    selectedAmount: 0,
    selectedLineCount: 0, // selected lines, available or not (what 删除 would remove)
    busy: false,
    managing: false,
  },

  onShow() {
    if (!session.isLoggedIn()) {
      this.setData({ loggedIn: false, lines: [], status: 'ready', managing: false });
      return;
    }
    this.setData({ loggedIn: true });
    this.load({ silent: this.data.lines.length > 0 });
  },

  onPullDownRefresh() {
    const done = session.isLoggedIn() ? this.load({ silent: true }) : Promise.resolve();
    done.then(() => wx.stopPullDownRefresh());
  },

  async load(options) {
    const silent = options && options.silent;
    if (!silent) this.setData({ status: 'loading', errorMessage: '' });
    try {
      const cart = await cartService.getCart({ showError: false });
      this.applyCart(cart);
    } catch (err) {
      if (!session.isLoggedIn()) {
        this.setData({ loggedIn: false, lines: [], status: 'ready' });
        return;
      }
      const message = (err && err.message) || '加载失败';
      if (silent && this.data.lines.length) wxp.toast(message);
      else this.setData({ status: 'error', errorMessage: message, lines: [] });
    }
  },

  applyCart(cart) {
    const lines = ((cart && cart.items) || []).map(viewLine);
    this.setData({
      lines,
      status: lines.length ? 'ready' : 'empty',
      allSelected: lines.length > 0 && lines.every((line) => line.isSelected),
      selectedCount: (cart && cart.selected_count) || 0,
      selectedAmount: (cart && cart.selected_amount) || 0,
      selectedLineCount: lines.filter((line) => line.isSelected).length,
      managing: lines.length ? this.data.managing : false,
    });
  },

  /** Runs one cart change at a time and shows the answer; the server's message is toasted by request.js. */
  async change(call) {
    if (this.data.busy) return false;
    this.setData({ busy: true });
    try {
      this.applyCart(await call());
      return true;
    } catch (err) {
      // toast shown by request.js; show the server's cart again (a stepper may show a number that was refused)
      await this.load({ silent: true });
      return false;
    } finally {
      this.setData({ busy: false });
    }
  },

  lineById(id) {
    return this.data.lines.find((line) => line.id === Number(id));
  },

  onToggleLine(e) {
    const line = this.lineById(e.currentTarget.dataset.id);
    if (!line) return Promise.resolve(false);
    return this.change(() => cartService.updateLine(line.id, { is_selected: !line.isSelected }));
  },

  onToggleAll() {
    if (!this.data.lines.length) return Promise.resolve(false);
    const selected = !this.data.allSelected;
    return this.change(() => cartService.selectAll(selected));
  },

  onQuantityChange(e) {
    const line = this.lineById(e.currentTarget.dataset.id);
    const quantity = cartService.clampQuantity(e.detail && e.detail.value);
    if (!line || quantity === line.quantity) return Promise.resolve(false);
    return this.change(() => cartService.updateLine(line.id, { quantity }));
  },

  onLineLongPress(e) {
    const line = this.lineById(e.currentTarget.dataset.id);
    if (!line) return Promise.resolve(false);
    return this.confirmRemove([line.id], `确定从购物车删除「${line.name}」吗？`);
  },

  onDeleteLineTap(e) {
    return this.onLineLongPress(e);
  },

  onToggleManage() {
    this.setData({ managing: !this.data.managing });
  },

  onRemoveSelected() {
    const ids = this.data.lines.filter((line) => line.isSelected).map((line) => line.id);
    if (!ids.length) {
      wxp.toast('请选择要删除的商品');
      return Promise.resolve(false);
    }
    return this.confirmRemove(ids, `确定删除选中的 ${ids.length} 种商品吗？`);
  },

  async confirmRemove(ids, question) {
    if (this.data.busy) return false;
    let confirmed = false;
    try {
      confirmed = await wxp.confirm(question, { confirmText: '删除' });
    } catch (err) {
      confirmed = false;
    }
    if (!confirmed) return false;
    const done = await this.change(() => cartService.removeLines(ids));
    if (done) wxp.toast('已删除', 'success');
    return done;
  },

  onItemTap(e) {
    wx.navigateTo({ url: `/pages/catalog/detail/index?id=${e.currentTarget.dataset.itemId}` });
  },

  async onCheckout() {
    if (this.data.busy) return;
    const selected = this.data.lines.filter((line) => line.isSelected);
    const unavailable = selected.filter((line) => !line.available);
    if (!selected.length || selected.length === unavailable.length) {
      wxp.toast(unavailable.length ? '选中的商品暂时无法购买' : '请选择要结算的商品');
      return;
    }
    if (unavailable.length) {
      // Checkout takes every selected line: leave out the ones that cannot be bought now, and say so.
      const ok = await wxp.confirm(`${unavailable.length} 种商品暂时无法购买，将不参与结算，是否继续？`, { confirmText: '继续结算' }).catch(() => false);
      if (!ok) return;
      this.setData({ busy: true });
      try {
        for (let i = 0; i < unavailable.length; i += 1) {
          // eslint-disable-next-line no-await-in-loop
          this.applyCart(await cartService.updateLine(unavailable[i].id, { is_selected: false }));
        }
      } catch (err) {
        return; // toast shown by request.js
      } finally {
        this.setData({ busy: false });
      }
    }
    wx.navigateTo({ url: CHECKOUT_PAGE });
  },

  goLogin() {
    wx.navigateTo({ url: LOGIN_PAGE });
  },

  goHome() {
    wx.switchTab({ url: HOME_TAB });
  },

  noop() {},
});
