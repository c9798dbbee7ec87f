/**
 * 售后 (after-sales cases on paid orders, login required): how much is still refundable, open a case (whole order or
 * some lines), my cases, a case with its timeline, the buyer's reply and withdrawal.
 */
const http = require('../utils/request');

const KINDS = [
  { value: 'refund_only', label: '仅退款' },
  { value: 'return_refund', label: '退货退款' },
];

const STATUS_NAMES = {
  awaiting_merchant: '待商家处理',
  awaiting_buyer: '待买家处理',
  refunding: '退款中',
  refunded: '已退款',
  closed: '已关闭',
};

// the list's filter tabs ('' = all)
const STATUS_TABS = [
  { key: '', title: '全部' },
  { key: 'awaiting_merchant', title: '待商家处理' },
  { key: 'awaiting_buyer', title: '待买家处理' },
  { key: 'refunding', title: '退款中' },
  { key: 'refunded', title: '已退款' },
  { key: 'closed', title: '已关闭' },
];

const ACTION_NAMES = {
  open: '提交申请',
  approve: '商家同意退款',
  reject: '商家拒绝',
  ask_buyer: '商家要求补充',
  buyer_reply: '买家回复',
  withdraw: '撤销申请',
  refund_succeeded: '退款成功',
  refund_failed: '退款失败',
};

const DESCRIPTION_MAX = 500;
const NOTE_MAX = 200;
const MAX_IMAGES = 9;

/**
 * Yuan typed by the buyer → integer fen, exactly (string arithmetic, no floating point):
 * '10' → 1000, '10.5' → 1050, '0.01' → 1; anything else (negative, 3 decimals, letters, '') → null.
 */
function parseYuan(text) {
  const value = String(text === undefined || text === null ? '' : text).trim();
  const match = /^(\d{1,10})(?:\.(\d{0,2}))?$/.exec(value);
  if (!match) return null;
  const cents = `${match[2] || ''}00`.slice(0, 2);
  return Number(match[1]) * 100 + Number(cents);
}

function kindLabel(kind) {
  const found = KINDS.find((k) => k.value === kind);
  return found ? found.label : kind || '';
}

function statusName(entry) {
  if (!entry) return '';
  return entry.status_name || STATUS_NAMES[entry.status] || entry.status || '';
}

/** An event's title: the server's action_name when it sends one, else ACTION_NAMES, else the raw action. */
function actionName(action, serverName) {
  return serverName || ACTION_NAMES[action] || action || '';
}

/**
 * Client-side checks of the form, mirroring the server → {field: message} (empty when fine).
 * values: {kind, reason, amountText, description}; refundable: fen still refundable; reasons: the allowed ones.
 */
function checkApplication(values, refundable, reasons) {
  const errors = {};
  const v = values || {};
  if (!KINDS.some((k) => k.value === v.kind)) errors.kind = '请选择售后类型';
  if (!v.reason) errors.reason = '请选择退款原因';
  else if (Array.isArray(reasons) && reasons.length && reasons.indexOf(v.reason) === -1) errors.reason = '请选择退款原因';
  const amount = parseYuan(v.amountText);
  if (String(v.amountText || '').trim() === '') errors.amount = '请填写退款金额';
  else if (amount === null) errors.amount = '请输入正确的金额（最多两位小数）';
  else if (amount <= 0) errors.amount = '退款金额需大于 0';
  else if (typeof refundable === 'number' && amount > refundable) errors.amount = `退款金额不能超过可退金额 ${(refundable / 100).toFixed(2)} 元`;
  if (String(v.description || '').length > DESCRIPTION_MAX) errors.description = `问题描述最多${DESCRIPTION_MAX}个字`;
  return errors;
}

/** → {refundable_amount (fen), reasons: [...]} */
function getRefundable(orderId, options) {
  return http.get(`/orders/${encodeURIComponent(orderId)}/aftersales/refundable`, undefined, options);
}

/**
 * values: {kind, reason, amount (fen), description?, images?, lines?: [{line_id, quantity}] (none = whole order)}
 * → the case. Errors: 409 AFTERSALE_ALREADY_OPEN / ORDER_NOT_ELIGIBLE / AFTERSALE_WINDOW_PASSED / ORDER_NOT_PAID,
 * 422 AMOUNT_EXCEEDS_REFUNDABLE (errors.amount) and field errors.
 */
function openCase(orderId, values, options) {
  const body = {
    kind: values.kind,
    reason: values.reason,
    amount: Number(values.amount),
    description: String(values.description || '').trim().slice(0, DESCRIPTION_MAX),
    images: (values.images || []).slice(0, MAX_IMAGES),
  };
  const lines = (values.lines || [])
    .filter((line) => line && Number(line.quantity) > 0)
    .map((line) => ({ line_id: Number(line.line_id), quantity: Number(line.quantity) }));
  if (lines.length) body.lines = lines;
  return http.post(`/orders/${encodeURIComponent(orderId)}/aftersales`, body, options);
}

/** query: status, order_id, page, page_size → {items, total, page, page_size}, newest first */
function listCases(query, options) {
  const q = Object.assign({}, query);
  if (q.status && !STATUS_NAMES[q.status]) delete q.status;
  return http.get('/aftersales', q, options);
}

/** → the case with events (oldest first) and allowed_actions (buyer_reply, withdraw) */
function getCase(id, options) {
  return http.get(`/aftersales/${encodeURIComponent(id)}`, undefined, options);
}

function replyCase(id, note, options) {
  return http.post(`/aftersales/${encodeURIComponent(id)}/reply`, { note: String(note || '').trim().slice(0, NOTE_MAX) }, options);
}

function withdrawCase(id, note, options) {
  return http.post(`/aftersales/${encodeURIComponent(id)}/withdraw`, { note: String(note || '').trim().slice(0, NOTE_MAX) }, options);
}

module.exports = {
  KINDS,
  STATUS_NAMES,
  STATUS_TABS,
  ACTION_NAMES,
  DESCRIPTION_MAX,
  NOTE_MAX,
  MAX_IMAGES,
  parseYuan,
  kindLabel,
  statusName,
  actionName,
  checkApplication,
  getRefundable,
  openCase,
  listCases,
  getCase,
  replyCase,
  withdrawCase,
};
