/** 消息通知 (/me/notifications, login required): order and after-sales messages, the unread count, mark read. */
const http = require('../utils/request');

const KIND_LABELS = { order: '订单', aftersale: '售后' };

/** query: page, page_size → {items: [{id, kind, title, content, order_id, case_id, is_read, created_at}], …} newest first */
function listNotifications(query, options) {
  return http.get('/me/notifications', query, options);
}

/** → the number of unread messages */
function unreadCount(options) {
  return http.get('/me/notifications/unread-count', undefined, options).then((res) => (res && Number(res.unread)) || 0);
}

/** ids: the messages to mark read; none (or empty) = all of them. → the unread count left */
function markRead(ids, options) {
  const list = (ids || []).map(Number).filter((id) => id > 0);
  const body = list.length ? { ids: list } : {};
  return http.post('/me/notifications/read', body, options).then((res) => (res && Number(res.unread)) || 0);
}

/** The page a message opens: its after-sales case first, else its order; '' when it points nowhere. */
function targetUrl(notification) {
  if (!notification) return '';
  if (notification.case_id) return `/pages/aftersale/detail/index?id=${notification.case_id}`;
  if (notification.order_id) return `/pages/order/detail/index?id=${notification.order_id}`;
  return '';
}

function kindLabel(kind) {
  return KIND_LABELS[kind] || '通知';
}

module.exports = { KIND_LABELS, listNotifications, unreadCount, markRead, targetUrl, kindLabel };
