/**
 * The pay step shared by the checkout, the order list and the order detail:
 *
 *   const outcome = await payOrder(orderId);  // {result: 'paid' | 'cancelled' | 'failed', error_code?, message?}
 *
 * 1. POST /orders/{id}/payments → wx.requestPayment's parameters (the amount is the order's, decided by the server).
 *    409 WECHAT_LOGIN_REQUIRED (an account logged in by phone / password only, no WeChat identity) → a modal asks
 *    to link the current WeChat: 关联并支付 → wx.login → POST /me/wechat {code} (services/user.js linkWechat) → the
 *    prepay once more, then on as usual; 409 WECHAT_TAKEN (that WeChat belongs to another account) or any other
 *    failure shows the server's message and ends failed (the order stays unpaid). 取消 → cancelled, as when the
 *    payment sheet is closed (the order stays unpaid and can be paid from its detail).
 * 2. Demo only — develop environment with a backend that has its /dev endpoints (services/payment.js
 *    hasSimulator()): an action sheet offers 「模拟支付成功」, which asks the fake WeChat Pay to pay the order
 *    (POST /dev/orders/{id}/simulate-payment) instead of wx.requestPayment. Trial and release never show it.
 * 3. wx.requestPayment; success → the payment status is read back once (the server learns of it by WeChat's
 *    notification, which may lag a moment: the order page shows whatever the server says).
 * Errors are shown here (toast / modal); the caller only decides where to go next.
 */
const paymentService = require('../services/payment');
const userService = require('../services/user');
const env = require('../config/env');
const wxp = require('./wxp');

const SIMULATE_TEXT = '模拟支付成功';
const WECHAT_PAY_TEXT = '微信支付';

/** Asks to link the current WeChat to this account; true when the user agrees. */
async function askWechatLink() {
  try {
    const res = await wxp.call('showModal', {
      title: '关联微信',
      content: '微信支付需要关联当前微信，是否关联？',
      confirmText: '关联并支付',
      cancelText: '取消',
      confirmColor: '#c0392b',
    });
    return Boolean(res && res.confirm);
  } catch (e) {
    return false;
  }
}

async function showLinkFailure(message) {
  try {
    await wxp.call('showModal', { title: '关联微信失败', content: message, showCancel: false, confirmText: '知道了', confirmColor: '#c0392b' });
  } catch (e) {
    // closed
  }
}

/**
 * wx.login (in develop with `dev.fakeOpenid` set, the fake WeChat's code `openid:<x>`, as on the login page), then
 * POST /me/wechat. Resolves null when linked, else the error (its message already shown).
 */
async function linkWechat() {
  let code = '';
  try {
    const fakeOpenid = env.getDevFakeOpenid();
    code = fakeOpenid ? `openid:${fakeOpenid}` : ((await wxp.call('login')) || {}).code;
  } catch (e) {
    code = '';
  }
  if (!code) {
    const error = { error_code: 'WECHAT_LOGIN_FAILED', message: '微信登录失败，请重试' };
    await showLinkFailure(error.message);
    return error;
  }
  try {
    await userService.linkWechat(code, { showError: false });
    return null;
  } catch (err) {
    const error = err || {};
    if (!error.handled) await showLinkFailure(error.message || '关联微信失败，请稍后重试');
    return error;
  }
}

function failure(err, fallback) {
  return {
    result: 'failed',
    error_code: (err && err.error_code) || '',
    message: (err && err.message) || fallback,
  };
}

function toastPrepayError(err) {
  if (!(err && err.handled)) wxp.toast((err && err.message) || '发起支付失败，请稍后重试');
}

async function payOrder(orderId) {
  let prepay;
  try {
    prepay = await paymentService.createPayment(orderId, { showError: false });
  } catch (err) {
    if (!(err && err.error_code === 'WECHAT_LOGIN_REQUIRED')) {
      toastPrepayError(err);
      return failure(err, '发起支付失败');
    }
    if (!(await askWechatLink())) {
      wxp.toast('已取消支付'); // declined: the order stays unpaid, payable later from its detail
      return { result: 'cancelled' };
    }
    const linkError = await linkWechat();
    if (linkError) return failure(linkError, '关联微信失败');
    // linked: the prepay once more (only once)
    try {
      prepay = await paymentService.createPayment(orderId, { showError: false });
    } catch (again) {
      toastPrepayError(again);
      return failure(again, '发起支付失败');
    }
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
