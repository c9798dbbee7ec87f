/**
 * 订单详情 (pages/order/detail/index?id=): status header (待付款 with a countdown to auto_close_at), address (or the
 * e-card's 卡包 notice), lines, amounts (goods, freight, paid), order number (copy), times, the timeline from
 * `events` (newest first) and the buttons of `allowed_actions`: 申请售后 / 评价 (entries to their pages), 付款,
 * 取消订单, 确认收货. Reloaded when shown again;
 * when the countdown runs out the order is read again (the server closes it).
 */
const orderService = require('../../../services/order');
const format = require('../../../utils/format');
const url = require('../../../utils/url');
const wxp = require('../../../utils/wxp');
const { runOrderAction } = require('../../../utils/order-actions');

const ORDER_LIST = '/pages/order/list/index';

const STATUS_HINTS = {
  pending_shipment: '商家正在备货，请耐心等待',
  partially_shipped: '部分商品已发出，其余商品正在备货',
  shipped: '商品已发出，请注意查收',
  completed: '交易已完成，感谢您的购买',
};

const CLOSE_REASONS = {
  cancelled: '订单已取消',
  payment_timeout: '超时未付款，订单已自动关闭',
  refunded: '订单已全额退款',
};

function closedHint(order) {
  return CLOSE_REASONS[order.close_reason] || order.close_reason || '订单已关闭';
}

function viewTimeline(events) {
  return (events || [])
    .map((event, index) => ({
      key: `${index}-${event.action}`,
      title: orderService.EVENT_NAMES[event.action] || event.action,
      statusName: orderService.STATUS_NAMES[event.to_status] || '',
      note: event.note || '',
      time: format.formatDate(event.created_at, 'YYYY-MM-DD HH:mm:ss'),
      action: event.action,
    }))
    .reverse();
}

function viewOrder(order) {
  const isEcard = order.order_type === 'ecard';
  const times = [
    { label: '下单时间', value: order.created_at },
    { label: '付款时间', value: order.paid_at },
    { label: '发货时间', value: order.shipped_at },
    { label: '完成时间', value: order.completed_at },
    { label: '关闭时间', value: order.closed_at },
  ]
    .filter((t) => t.value)
    .map((t) => ({ label: t.label, text: format.formatDate(t.value, 'YYYY-MM-DD HH:mm:ss') }));
  return {
    id: order.id,
    orderNo: order.order_no,
    status: order.status,
    statusName: orderService.statusName(order),
    statusHint: order.status === 'closed' ? closedHint(order) : STATUS_HINTS[order.status] || '',
    typeName: orderService.ORDER_TYPE_NAMES[order.order_type] || '',
    isEcard,
    hasAddress: !isEcard && Boolean(order.receiver_name),
    receiverName: order.receiver_name || '',
    receiverPhone: format.maskPhone(order.receiver_phone || ''),
    addressText: [order.province, order.city, order.district, order.address_detail].filter(Boolean).join(' '),
    lines: (order.lines || []).map((line) => ({
      id: line.id,
      itemId: line.item_id,
      name: line.name,
      cover: url.assetUrl(line.cover_url),
      unitPrice: line.unit_price,
      retailPrice: line.retail_price,
      quantity: line.quantity,
      lineTotal: line.line_total,
    })),
    goodsAmount: order.goods_amount,
    freightAmount: order.freight_amount,
    discountAmount: order.discount_amount || 0,
    discountText: format.formatPrice(order.discount_amount || 0),
    payAmount: order.pay_amount,
    paid: Boolean(order.paid_at),
    remark: order.remark || '',
    times,
    timeline: viewTimeline(order.events),
    actions: orderService.actionButtons(order.allowed_actions),
    links: orderService.linkButtons(order),
    autoCloseAt: order.status === 'pending_payment' && order.auto_close_at ? new Date(order.auto_close_at).getTime() : 0,
  };
}

Page({
  data: {
    id: '',
    status: 'loading', // loading | error | notfound | ready
    errorMessage: '',
    order: null,
    countdown: '',
    busy: false,
  },

  onLoad(query) {
    this.shown = false;
    this.timer = null;
    const id = String((query && query.id) || '').trim();
    if (!/^\d+$/.test(id)) {
      this.setData({ status: 'notfound', errorMessage: '订单不存在' });
      return;
    }
    this.setData({ id });
    this.load();
  },

  onShow() {
    if (this.shown && this.data.status === 'ready') this.load({ silent: true });
    this.shown = true;
  },

  onHide() {
    this.stopCountdown();
  },

  onUnload() {
    this.stopCountdown();
  },

  onPullDownRefresh() {
    this.load({ silent: true }).then(() => wx.stopPullDownRefresh());
  },

  async load(options) {
    if (!this.data.id) return;
    const silent = options && options.silent;
    if (!silent || this.data.status !== 'ready') this.setData({ status: 'loading' });
    try {
      const order = viewOrder(await orderService.getOrder(this.data.id, { showError: false }));
      this.setData({ order, status: 'ready' });
      this.startCountdown();
    } catch (err) {
      const notFound = err && err.statusCode === 404;
      if (silent && this.data.status === 'ready' && !notFound) {
        wxp.toast((err && err.message) || '刷新失败');
        return;
      }
      this.stopCountdown();
      this.setData({
        status: notFound ? 'notfound' : 'error',
        errorMessage: notFound ? '订单不存在' : (err && err.message) || '加载失败',
      });
    }
  },

  onRetry() {
    return this.load();
  },

  // ---- countdown to the automatic close of an unpaid order ----------------------------------------------------------

  startCountdown() {
    this.stopCountdown();
    const order = this.data.order;
    if (!order || !order.autoCloseAt) {
      this.setData({ countdown: '' });
      return;
    }
    this.tick(Date.now());
    if (this.data.countdown) this.timer = setInterval(() => this.tick(Date.now()), 1000);
  },

  stopCountdown() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  },

  /** One second of the countdown; at zero the order is read again (the server closes it). */
  tick(now) {
    const order = this.data.order;
    if (!order || !order.autoCloseAt) return;
    const text = format.formatCountdown(order.autoCloseAt - now);
    this.setData({ countdown: text });
    if (!text) {
      this.stopCountdown();
      if (!this.expiredOnce) {
        this.expiredOnce = true;
        setTimeout(() => this.load({ silent: true }), 2000);
      }
    }
  },

  // ---- actions -----------------------------------------------------------------------------------------------------

  onCopyOrderNo() {
    const order = this.data.order;
    if (!order) return;
    wx.setClipboardData({ data: order.orderNo, success: () => wxp.toast('订单号已复制') });
  },

  onLineTap(e) {
    wx.navigateTo({ url: `/pages/catalog/detail/index?id=${e.currentTarget.dataset.itemId}` });
  },

  async onActionTap(e) {
    const action = e.currentTarget.dataset.action;
    if (this.data.busy || !this.data.order) return null;
    this.setData({ busy: true });
    let outcome;
    try {
      outcome = await runOrderAction(action, this.data.order.id);
    } finally {
      this.setData({ busy: false });
    }
    if (outcome.done || outcome.error || action === 'pay') await this.load({ silent: true });
    return outcome;
  },

  /** 申请售后 / 评价: their pages, with the order's id. */
  onLinkTap(e) {
    const order = this.data.order;
    const target = order && orderService.linkUrl(e.currentTarget.dataset.link, order.id);
    if (target) wx.navigateTo({ url: target });
  },

  goOrders() {
    wx.redirectTo({ url: ORDER_LIST });
  },
});
