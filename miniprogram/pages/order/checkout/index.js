/**
 * 确认订单 (pages/order/checkout/index?item_id=&quantity=): with item_id it is 立即购买 of one item (packages and
 * cards); without, the selected cart lines. POST /checkout prices it (the default address unless one was chosen)
 * and hands out the submit token; 提交订单 sends POST /orders with that token and the amount the buyer saw, then the
 * pay step (utils/pay-flow.js) runs and the order detail replaces this page, paid or not.
 *
 * Submit errors: 409 PRICE_CHANGED → old and new totals shown, on confirmation checked out again (new token, new
 * amounts) for the buyer to submit again; 409 OUT_OF_STOCK → the message, checked out again (stock shown per line);
 * 409 SUBMIT_TOKEN_EXPIRED / SUBMIT_TOKEN_INVALID, 422 SUBMIT_TOKEN_MISMATCH → checked out again; 422 REGION_NOT_SERVED →
 * asked to choose another address; 422 validation → the field's message. The same token sent twice yields the same
 * order, so the button is only disabled while a submit runs and a retry after a timeout is harmless.
 * E-card orders need no address: 电子卡将发放到您的卡包.
 */
const orderService = require('../../../services/order');
const format = require('../../../utils/format');
const url = require('../../../utils/url');
const wxp = require('../../../utils/wxp');
const { createIdempotencyKey } = require('../../../utils/request');
const { payOrder } = require('../../../utils/pay-flow');

const ADDRESS_LIST = '/pages/address/list/index?select=1';
const ORDER_DETAIL = '/pages/order/detail/index';
const REMARK_MAX = 200;
const RECHECK_CODES = ['SUBMIT_TOKEN_EXPIRED', 'SUBMIT_TOKEN_MISMATCH', 'SUBMIT_TOKEN_INVALID'];
// checkout errors that another try will not fix: the page offers a way back instead of 重试
const DEAD_END_CODES = ['CART_EMPTY', 'ITEM_NOT_ON_SALE', 'MIXED_ORDER_KINDS', 'FREIGHT_NOT_CONFIGURED'];

function viewAddress(address) {
  if (!address) return null;
  return {
    id: address.id,
    name: address.receiver_name,
    phone: format.maskPhone(address.receiver_phone),
    text: format.formatAddress(address),
    isDefault: Boolean(address.is_default),
  };
}

function viewLine(line, index) {
  return {
    key: `${line.item_id}-${index}`,
    itemId: line.item_id,
    name: line.name,
    cover: url.assetUrl(line.cover_url),
    unitPrice: line.unit_price,
    retailPrice: line.retail_price,
    quantity: line.quantity,
    lineTotal: line.line_total,
    inStock: line.in_stock !== false,
  };
}

function positiveInt(value) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    errorCode: '',
    itemId: null,
    quantity: null,
    addressId: null, // chosen on the address list; null = the default address
    orderType: '',
    isEcard: false,
    needsAddress: true,
    address: null,
    lines: [],
    goodsAmount: 0,
    freightAmount: 0,
    payAmount: 0,
    payText: '',
    submitToken: '',
    remark: '',
    remarkMax: REMARK_MAX,
    remarkError: '',
    notice: '',
    submitting: false,
    hasShortLine: false,
  },

  onLoad(query) {
    this.shown = false;
    this.keys = {}; // submit token → idempotency key, so a re-submit of one token carries the same key
    const itemId = positiveInt(query && query.item_id);
    this.setData({ itemId, quantity: itemId ? positiveInt(query.quantity) || 1 : null });
    this.load();
  },

  onShow() {
    // Back from the address pages without a choice (e.g. the first address was just added): the default may exist now.
    if (this.shown && !this.data.submitting && this.data.needsAddress && !this.data.address) this.load({ silent: true });
    this.shown = true;
  },

  checkoutParams() {
    return { item_id: this.data.itemId, quantity: this.data.quantity, address_id: this.data.addressId };
  },

  async load(options) {
    const silent = options && options.silent;
    if (!silent || this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '', errorCode: '' });
    try {
      const answer = await orderService.checkout(this.checkoutParams(), { showError: false });
      this.apply(answer);
      return answer;
    } catch (err) {
      if (err && err.error_code === 'ADDRESS_NOT_FOUND' && this.data.addressId) {
        // the chosen address was deleted meanwhile: back to the default one
        this.setData({ addressId: null });
        return this.load(options);
      }
      if (err && err.handled) return null; // the session ended: request.js opened the login page
      this.setData({
        status: 'error',
        errorCode: (err && err.error_code) || '',
        errorMessage: (err && err.message) || '加载失败',
      });
      return null;
    }
  },

  apply(answer) {
    const lines = (answer.lines || []).map(viewLine);
    const address = viewAddress(answer.address);
    this.setData({
      status: 'ready',
      errorMessage: '',
      errorCode: '',
      orderType: answer.order_type || '',
      isEcard: answer.order_type === 'ecard',
      needsAddress: answer.needs_address !== false,
      address,
      addressId: address ? address.id : this.data.addressId,
      lines,
      hasShortLine: lines.some((line) => !line.inStock),
      goodsAmount: answer.goods_amount,
      freightAmount: answer.freight_amount,
      payAmount: answer.pay_amount,
      payText: format.formatPrice(answer.pay_amount),
      submitToken: answer.submit_token,
    });
  },

  onRetry() {
    return this.load();
  },

  goBack() {
    wx.navigateBack({ delta: 1 });
  },

  onErrorAction() {
    if (this.data.errorCode === 'REGION_NOT_SERVED') return this.onChooseAddress();
    if (DEAD_END_CODES.indexOf(this.data.errorCode) !== -1) return this.goBack();
    return this.load();
  },

  onChooseAddress() {
    if (this.data.submitting) return;
    wx.navigateTo({
      url: ADDRESS_LIST,
      events: {
        selectAddress: (address) => {
          if (!address || !address.id) return;
          this.setData({ addressId: address.id, notice: '' });
          this.load({ silent: true });
        },
      },
    });
  },

  onRemarkInput(e) {
    this.setData({ remark: String(e.detail.value || '').slice(0, REMARK_MAX), remarkError: '' });
  },

  idempotencyKeyFor(token) {
    if (!this.keys[token]) this.keys[token] = createIdempotencyKey();
    return this.keys[token];
  },

  async onSubmit() {
    if (this.data.submitting || this.data.status !== 'ready') return;
    if (this.data.needsAddress && !this.data.address) {
      wxp.toast('请选择收货地址');
      return;
    }
    if (this.data.remark.trim().length > REMARK_MAX) {
      this.setData({ remarkError: `备注最多${REMARK_MAX}个字` });
      return;
    }
    this.setData({ submitting: true, notice: '' });
    let order;
    try {
      order = await orderService.submitOrder(
        {
          submit_token: this.data.submitToken,
          expected_pay_amount: this.data.payAmount,
          remark: this.data.remark,
        },
        { showError: false, idempotencyKey: this.idempotencyKeyFor(this.data.submitToken) },
      );
    } catch (err) {
      this.setData({ submitting: false });
      await this.handleSubmitError(err || {});
      return;
    }
    // The order exists: pay now (or later from the order page). The button stays disabled: this page is replaced.
    await payOrder(order.id);
    wx.redirectTo({ url: `${ORDER_DETAIL}?id=${order.id}` });
  },

  async handleSubmitError(err) {
    const code = err.error_code;
    if (err.handled) return; // the session ended: request.js opened the login page
    if (code === 'PRICE_CHANGED') {
      await this.confirmNewPrice(err);
      return;
    }
    if (code === 'OUT_OF_STOCK') {
      await wxp.call('showModal', { title: '库存不足', content: err.message || '部分商品库存不足', showCancel: false, confirmText: '知道了' }).catch(() => null);
      await this.load({ silent: true });
      return;
    }
    if (RECHECK_CODES.indexOf(code) !== -1) {
      wxp.toast(err.message || '订单信息已变化，已为您重新确认');
      await this.load({ silent: true });
      this.setData({ notice: '订单信息已更新，请确认后再提交' });
      return;
    }
    if (code === 'REGION_NOT_SERVED') {
      const change = await wxp.confirm(`${err.message || '该地址暂不支持配送'}，请更换收货地址`, { confirmText: '更换地址' }).catch(() => false);
      if (change) this.onChooseAddress();
      return;
    }
    const errors = err.errors || {};
    if (errors.address_id) {
      wxp.toast([].concat(errors.address_id)[0] || '请选择收货地址');
      return;
    }
    if (errors.remark) {
      this.setData({ remarkError: [].concat(errors.remark)[0] });
      return;
    }
    const fieldMessage = Object.keys(errors).map((key) => [].concat(errors[key])[0]).filter(Boolean)[0];
    wxp.toast(fieldMessage || err.message || '提交失败，请稍后重试');
  },

  /** 409 PRICE_CHANGED: show the old and the new total; on confirmation check out again for a new token. */
  async confirmNewPrice(err) {
    const details = err.details || {};
    const oldPay = this.data.payAmount;
    const newPay = typeof details.pay_amount === 'number' ? details.pay_amount : null;
    const parts = [`原应付 ${format.formatPrice(oldPay)}`];
    if (newPay !== null) parts.push(`现应付 ${format.formatPrice(newPay)}`);
    if (typeof details.goods_amount === 'number' && typeof details.freight_amount === 'number') {
      parts.push(`（商品 ${format.formatPrice(details.goods_amount)}，运费 ${format.formatPrice(details.freight_amount)}）`);
    }
    let confirmed = false;
    try {
      const res = await wxp.call('showModal', {
        title: '订单金额有变化',
        content: `${err.message || '商品价格或运费已变化'}。${parts.join('，')}`,
        confirmText: '确认新金额',
        cancelText: '再想想',
        confirmColor: '#c0392b',
      });
      confirmed = Boolean(res && res.confirm);
    } catch (e) {
      confirmed = false;
    }
    if (!confirmed) return;
    const answer = await this.load({ silent: true });
    if (answer) this.setData({ notice: `应付金额已更新为 ${format.formatPrice(answer.pay_amount)}，请确认后再提交订单` });
  },
});
