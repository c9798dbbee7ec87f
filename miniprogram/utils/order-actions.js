/**
 * The member's order buttons (drawn from `allowed_actions`), shared by 我的订单 and the order detail:
 *
 *   const outcome = await runOrderAction('cancel', orderId);  // {done: bool, action, result?}
 *
 * - pay: the pay step (utils/pay-flow.js); done when paid;
 * - cancel: the reason chosen in an action sheet (cancelling the sheet keeps the order), POST /orders/{id}/cancel;
 * - confirm_receipt: a confirmation, then POST /orders/{id}/confirm-receipt.
 * Errors are toasted by request.js (e.g. 409 ORDER_STATE_CONFLICT when the order changed meanwhile).
 */
const orderService = require('../services/order');
const wxp = require('./wxp');
const { payOrder } = require('./pay-flow');

async function cancelOrder(orderId) {
  let reason;
  try {
    const res = await wxp.call('showActionSheet', { itemList: orderService.CANCEL_REASONS, alertText: '请选择取消原因' });
    reason = orderService.CANCEL_REASONS[res.tapIndex];
  } catch (e) {
    return { done: false, action: 'cancel' }; // kept
  }
  if (!reason) return { done: false, action: 'cancel' };
  try {
    const order = await orderService.cancelOrder(orderId, reason);
    wxp.toast('订单已取消');
    return { done: true, action: 'cancel', order };
  } catch (err) {
    return { done: false, action: 'cancel', error: err };
  }
}

async function confirmReceipt(orderId) {
  const ok = await wxp.confirm('请确认已收到全部商品，确认后订单将完成', { confirmText: '确认收货' }).catch(() => false);
  if (!ok) return { done: false, action: 'confirm_receipt' };
  try {
    const order = await orderService.confirmReceipt(orderId);
    wxp.toast('已确认收货', 'success');
    return { done: true, action: 'confirm_receipt', order };
  } catch (err) {
    return { done: false, action: 'confirm_receipt', error: err };
  }
}

async function runOrderAction(action, orderId) {
  if (!orderId) return { done: false, action };
  if (action === 'pay') {
    const outcome = await payOrder(orderId);
    return { done: outcome.result === 'paid', action, result: outcome.result };
  }
  if (action === 'cancel') return cancelOrder(orderId);
  if (action === 'confirm_receipt') return confirmReceipt(orderId);
  return { done: false, action };
}

module.exports = { runOrderAction };
