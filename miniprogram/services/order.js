/**
 * Checkout and my orders (/checkout, /orders). Amounts are integer fen.
 *
 * Submitting is idempotent by the checkout's `submit_token`: the same token always yields the same order (201, then
 * 200), so a double tap or a re-submit after a timeout is harmless. Submit errors the checkout page handles:
 * 409 PRICE_CHANGED (`details` has the new pay_amount, goods_amount, freight_amount), 409 OUT_OF_STOCK,
 * 409 SUBMIT_TOKEN_EXPIRED / SUBMIT_TOKEN_INVALID, 422 SUBMIT_TOKEN_MISMATCH (check out again), 422 REGION_NOT_SERVED,
 * 422 VALIDATION_ERROR (`errors`). The token carries what the checkout priced (lines, address), so the submit sends
 * only the token, the amount the buyer saw and the remark.
 */
const http = require('../utils/request');

// 待收货 is the server's `shipped`; 待发货 also lists partially shipped orders; 待评价 lists completed orders with a
// line not reviewed yet.
const TABS = [
  { key: 'all', title: '全部' },
  { key: 'pending_payment', title: '待付款' },
  { key: 'pending_shipment', title: '待发货' },
  { key: 'shipped', title: '待收货' },
  { key: 'pending_review', title: '待评价' },
  { key: 'completed', title: '已完成' },
  { key: 'closed', title: '已关闭' },
];
const TAB_KEYS = TABS.map((t) => t.key);
const ORDER_TYPES = ['package', 'physical_card', 'ecard'];

const STATUS_NAMES = {
  pending_payment: '待付款',
  pending_shipment: '待发货',
  partially_shipped: '部分发货',
  shipped: '待收货',
  completed: '已完成',
  closed: '已关闭',
};

const ORDER_TYPE_NAMES = {
  package: '礼盒订单',
  physical_card: '实体卡订单',
  ecard: '电子卡订单',
  redemption: '提货订单',
};

const EVENT_NAMES = {
  create: '提交订单',
  pay: '付款成功',
  cancel: '取消订单',
  auto_close: '超时关闭',
  ship_part: '部分发货',
  ship_all: '已发货',
  confirm_receipt: '确认收货',
  auto_confirm: '自动确认收货',
  refund_all: '全额退款，订单关闭',
};

const CANCEL_REASONS = ['不想买了', '地址或信息填错了', '想换其他商品', '其他原因'];

// the member's buttons, in the order they are drawn (the main action last)
const ACTIONS = [
  { key: 'cancel', title: '取消订单', primary: false },
  { key: 'confirm_receipt', title: '确认收货', primary: true },
  { key: 'pay', title: '付款', primary: true },
];

// Entries to other pages, drawn before the state buttons; shown when `allowed_actions` has them: `aftersale` (paid,
// something left to refund, no case open, within the after-sales window), `review` (completed, a line not reviewed).
const LINKS = [
  { key: 'aftersale', title: '申请售后', primary: false, page: '/pages/aftersale/apply/index' },
  { key: 'review', title: '评价', primary: true, page: '/pages/review/create/index' },
];

function pickDefined(source, keys) {
  const body = {};
  keys.forEach((key) => {
    const value = source && source[key];
    if (value !== undefined && value !== null && value !== '') body[key] = value;
  });
  return body;
}

/**
 * params: {item_id?, quantity?, address_id?}: item_id = buy now (packages and cards); none = the selected cart lines
 * → {order_type, lines, needs_address, address, goods_amount, freight_amount, pay_amount, submit_token}
 */
function checkout(params, options) {
  const body = pickDefined(params, ['item_id', 'quantity', 'address_id']);
  ['item_id', 'quantity', 'address_id'].forEach((key) => {
    if (body[key] !== undefined) body[key] = Number(body[key]);
  });
  return http.post('/checkout', body, options);
}

/** params: {submit_token, expected_pay_amount, remark?} → the order (detail) */
function submitOrder(params, options) {
  const body = pickDefined(params, ['submit_token']);
  body.expected_pay_amount = Number(params.expected_pay_amount);
  const remark = String((params && params.remark) || '').trim();
  if (remark) body.remark = remark.slice(0, 200);
  return http.post('/orders', body, options);
}

/** query: tab, order_type, page, page_size → {items, total, page, page_size}, newest first */
function listOrders(query, options) {
  const q = Object.assign({}, query);
  if (q.tab && TAB_KEYS.indexOf(q.tab) === -1) delete q.tab;
  if (q.order_type && ORDER_TYPES.indexOf(q.order_type) === -1) delete q.order_type;
  return http.get('/orders', q, options);
}

/**
 * The badges of 我的 in one call (GET /orders/counts) → {pending_payment, pending_shipment (+ partially shipped),
 * shipped, pending_review (completed, a line not reviewed), completed, aftersale_open (my after-sales cases still
 * open)}.
 */
function getOrderCounts(options) {
  return http.get('/orders/counts', undefined, options);
}

/** → the order with lines, events (timeline), allowed_actions, auto_close_at */
function getOrder(id, options) {
  return http.get(`/orders/${encodeURIComponent(id)}`, undefined, options);
}

function cancelOrder(id, reason, options) {
  return http.post(`/orders/${encodeURIComponent(id)}/cancel`, { reason: String(reason || '买家取消').slice(0, 100) }, options);
}

function confirmReceipt(id, options) {
  return http.post(`/orders/${encodeURIComponent(id)}/confirm-receipt`, {}, options);
}

function statusName(order) {
  if (!order) return '';
  return order.status_name || STATUS_NAMES[order.status] || order.status || '';
}

/** The buttons for allowed_actions (unknown actions are left out). */
function actionButtons(allowed) {
  const list = Array.isArray(allowed) ? allowed : [];
  return ACTIONS.filter((a) => list.indexOf(a.key) !== -1);
}

/** The entry buttons the order's allowed_actions ask for: [{key, title, primary}] (申请售后, 评价). */
function linkButtons(order) {
  const allowed = order && Array.isArray(order.allowed_actions) ? order.allowed_actions : [];
  return LINKS.filter((l) => allowed.indexOf(l.key) !== -1).map((l) => ({ key: l.key, title: l.title, primary: l.primary }));
}

/** The page an entry button opens for an order, e.g. /pages/aftersale/apply/index?order_id=7; '' for an unknown key. */
function linkUrl(key, orderId) {
  const link = LINKS.find((l) => l.key === key);
  if (!link || !orderId) return '';
  return `${link.page}?order_id=${encodeURIComponent(orderId)}`;
}

module.exports = {
  TABS,
  TAB_KEYS,
  STATUS_NAMES,
  ORDER_TYPE_NAMES,
  EVENT_NAMES,
  CANCEL_REASONS,
  ACTIONS,
  checkout,
  submitOrder,
  listOrders,
  getOrderCounts,
  getOrder,
  cancelOrder,
  confirmReceipt,
  statusName,
  actionButtons,
  linkButtons,
  linkUrl,
};
