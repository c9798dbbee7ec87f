/**
 * 订货单详情 (?id=): status, receiver, lines, amount, pay method / transfer reference, timeline, and the buttons of
 * allowed_actions: 储值支付 (a confirm showing the stored-value balance; 409 INSUFFICIENT_FUNDS shows the server's
 * message), 已线下转账 (a small form: transfer reference + note → 待确认收款), 取消订单 (reason from an action sheet).
 */
const dealerService = require('../../../../services/dealer');
const http = require('../../../../utils/request');
const rules = require('../../../../utils/dealer');
const format = require('../../../../utils/format');
const url = require('../../../../utils/url');
const wxp = require('../../../../utils/wxp');

const CANCEL_REASONS = ['不需要了', '信息填写有误', '重新下单', '其他原因'];

function viewOrder(o) {
  return {
    id: o.id,
    orderNo: o.order_no,
    status: o.status,
    statusName: rules.b2bStatusName(o),
    goodsAmount: o.goods_amount,
    amountText: format.formatPrice(o.goods_amount),
    payMethod: rules.PAY_METHODS[o.pay_method] || '',
    transferReference: o.transfer_reference || '',
    receiver: `${o.receiver_name || ''} ${o.receiver_phone || ''}`.trim(),
    address: [o.province, o.city, o.district, o.address_detail].filter(Boolean).join(' '),
    remark: o.remark || '',
    cancelReason: o.cancel_reason || '',
    createdText: format.formatDate(o.created_at),
    paidText: format.formatDate(o.paid_at),
    lines: (o.lines || []).map((l) => ({
      id: l.id || l.item_id,
      name: l.name,
      cover: url.assetUrl(l.cover_url),
      unitPrice: l.unit_price,
      quantity: l.quantity,
      lineTotalText: format.formatPrice(l.line_total),
    })),
    timeline: (o.events || [])
      .slice()
      .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
      .map((e, i) => ({ key: e.id || i, title: rules.b2bEventTitle(e), note: e.note || e.reason || '', timeText: format.formatDate(e.created_at) })),
    actions: rules.b2bActionButtons(o.allowed_actions),
  };
}

Page({
  data: {
    id: 0,
    status: 'loading',
    errorMessage: '',
    order: null,
    busy: false,
    transferOpen: false,
    transfer: { reference: '', note: '' },
    transferError: '',
  },

  onLoad(query) {
    this.setData({ id: Number((query && query.id) || 0) });
    this.load();
  },

  onPullDownRefresh() {
    this.load(true).then(() => wx.stopPullDownRefresh());
  },

  async load(quiet) {
    if (!quiet) this.setData({ status: 'loading', errorMessage: '' });
    try {
      const order = await dealerService.getB2bOrder(this.data.id, { showError: false });
      this.setData({ status: 'ready', order: viewOrder(order) });
    } catch (err) {
      if (quiet && this.data.order) wxp.toast((err && err.message) || '刷新失败');
      else this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onRetry() {
    return this.load(false);
  },

  onActionTap(e) {
    const action = e.currentTarget.dataset.action;
    if (action === 'pay') return this.onPay();
    if (action === 'cancel') return this.onCancel();
    if (action === 'report_transfer') {
      this.setData({ transferOpen: true, transferError: '' });
      this.transferKey = http.createIdempotencyKey();
    }
    return Promise.resolve();
  },

  /** The stored-value balance for the confirm (null when it cannot be read, e.g. an operator without settlement). */
  async storedValue() {
    try {
      const accounts = await dealerService.getAccounts({ showError: false });
      return typeof accounts.stored_value === 'number' ? accounts.stored_value : null;
    } catch (e) {
      return null;
    }
  },

  async onPay() {
    if (this.data.busy) return null;
    const order = this.data.order;
    this.setData({ busy: true });
    try {
      const balance = await this.storedValue();
      const lines = [`订单金额 ${order.amountText}`];
      if (balance !== null) lines.push(`储值余额 ${format.formatPrice(balance)}`);
      if (balance !== null && balance < order.goodsAmount) {
        await wxp.confirm(`${lines.join('\n')}\n储值余额不足，请先充值或改用线下转账。`, { showCancel: false, confirmText: '知道了' }).catch(() => false);
        return null;
      }
      const confirmed = await wxp.confirm(`${lines.join('\n')}\n确认使用储值支付？`, { title: '储值支付', confirmText: '确认支付' }).catch(() => false);
      if (!confirmed) return null;
      const paid = await dealerService.payB2bOrder(order.id, { showError: false });
      this.setData({ order: viewOrder(Object.assign({ lines: [], events: [] }, paid)) });
      wxp.toast('支付成功', 'success');
      await this.load(true);
      return paid;
    } catch (err) {
      wxp.toast((err && err.message) || '支付失败'); // e.g. 409 INSUFFICIENT_FUNDS with the server's message
      if (err && err.statusCode === 409) this.load(true);
      return null;
    } finally {
      this.setData({ busy: false });
    }
  },

  onTransferInput(e) {
    this.setData({ [`transfer.${e.currentTarget.dataset.field}`]: e.detail.value, transferError: '' });
  },

  onTransferCancel() {
    this.setData({ transferOpen: false, transferError: '' });
  },

  async onTransferSubmit() {
    if (this.data.busy) return null;
    const reference = String(this.data.transfer.reference || '').trim();
    if (!reference) {
      this.setData({ transferError: '请输入转账流水号' });
      return null;
    }
    if (reference.length > 64) {
      this.setData({ transferError: '流水号不能超过64个字符' });
      return null;
    }
    this.setData({ busy: true });
    try {
      const order = await dealerService.reportB2bTransfer(
        this.data.id,
        { reference, note: String(this.data.transfer.note || '').trim() },
        { showError: false, idempotencyKey: this.transferKey },
      );
      this.setData({ transferOpen: false, transfer: { reference: '', note: '' }, order: viewOrder(Object.assign({ lines: [], events: [] }, order)) });
      wxp.toast('已提交，等待平台确认收款', 'success');
      await this.load(true);
      return order;
    } catch (err) {
      if (err && err.statusCode) this.transferKey = http.createIdempotencyKey();
      const errors = (err && err.errors) || {};
      const fieldError = errors.reference ? [].concat(errors.reference)[0] : '';
      this.setData({ transferError: fieldError || (err && err.message) || '提交失败' });
      return null;
    } finally {
      this.setData({ busy: false });
    }
  },

  async onCancel() {
    if (this.data.busy) return null;
    let reason;
    try {
      const res = await wxp.call('showActionSheet', { itemList: CANCEL_REASONS });
      reason = CANCEL_REASONS[res.tapIndex];
    } catch (e) {
      return null; // dismissed
    }
    if (!reason) return null;
    this.setData({ busy: true });
    try {
      const order = await dealerService.cancelB2bOrder(this.data.id, reason);
      wxp.toast('订单已取消', 'success');
      await this.load(true);
      return order;
    } catch (err) {
      if (err && err.statusCode === 409) this.load(true);
      return null;
    } finally {
      this.setData({ busy: false });
    }
  },

  onCopyNo() {
    if (this.data.order) wx.setClipboardData({ data: this.data.order.orderNo });
  },
});
