/**
 * The pay step shared by the checkout, the order list and the order detail:
 *
 *   const outcome = await payOrder(orderId);  // {result: 'paid' | 'cancelled' | 'failed', error_code?, message?}
 *
 * 1. POST /orders/{id}/payments → wx.requestPayment's parameters (the amount is the order's, decided by the server).
 *    409 WECHAT_LOGIN_REQUIRED (an account logged in by phone / password only) → a modal saying how to pay.
 * 2. Demo only — develop environment with a backend that has its /dev endpoints (services/payment.js
 *    hasSimulator()): an action sheet offers 「模拟支付成功」, which asks the fake WeChat Pay to pay the order
 *    (POST /dev/orders/{id}/simulate-payment) instead of wx.requestPayment. Trial and release never show it.
 * 3. wx.requestPayment; success → the payment status is read back once (the server learns of it by WeChat's
 *    notification, which may lag a moment: the order page shows whatever the server says).
 * Errors are shown here (toast / modal); the caller only decides where to go next.
 */
const paymentService = require('../services/payment');
const wxp = require('./wxp');

const SIMULATE_TEXT = '模拟支付成功';
const WECHAT_PAY_TEXT = '微信支付';

async function explainWechatLogin(message) {
  try {
    await wxp.call('showModal', {
      title: '需要微信登录',
      content: `${message || '请先使用微信登录，再进行微信支付'}。请在「我的 → 设置」退出登录后，选择「微信一键登录」再来付款，订单会为您保留。`,
      showCancel: false,
      confirmText: '知道了',
      confirmColor: '#c0392b',
    });
  } catch (e) {
    // closed
  }
}

function failure(err, fallback) {
  return {
    result: 'failed',
    error_code: (err && err.error_code) || '',
    message: (err && err.message) || fallback,
  };
}

async function payOrder(orderId) {
  let prepay;
  try {
    prepay = await paymentService.createPayment(orderId, { showError: false });
  } catch (err) {
    if (err && err.error_code === 'WECHAT_LOGIN_REQUIRED') {
      await explainWechatLogin(err.message);
    } else if (!(err && err.handled)) {
      wxp.toast((err && err.message) || '发起支付失败，请稍后重试');
    }
    return failure(err, '发起支付失败');
  }

  if (await paymentService.hasSimulator()) {
    let choice;
    try {
      choice = await wxp.call('showActionSheet', { itemList: [SIMULATE_TEXT, WECHAT_PAY_TEXT], alertText: '开发环境：可模拟支付（仅演示）' });
    } catch (e) {
      wxp.toast('已取消支付');
      return { result: 'cancelled' };
    }
    if (choice && choice.tapIndex === 0) {
      try {
        const order = await paymentService.simulatePayment(orderId, { showError: false });
        wxp.toast('支付成功', 'success');
        return { result: 'paid', order };
      } catch (err) {
        if (!(err && err.handled)) wxp.toast((err && err.message) || '模拟支付失败');
        return failure(err, '模拟支付失败');
      }
    }
  }

  try {
    await paymentService.requestPayment(prepay && prepay.pay_params);
  } catch (err) {
    if (paymentService.isCancel(err)) {
      wxp.toast('已取消支付');
      return { result: 'cancelled' };
    }
    wxp.toast('支付未成功，请稍后在订单中重新付款');
    return { result: 'failed', error_code: 'PAYMENT_FAILED', message: (err && err.errMsg) || '支付失败' };
  }
  const payment = await paymentService.getPayment(orderId, { showError: false }).catch(() => null);
  wxp.toast('支付成功', 'success');
  return { result: 'paid', payment };
}

module.exports = { payOrder, SIMULATE_TEXT, WECHAT_PAY_TEXT };
