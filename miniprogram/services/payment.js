/**
 * WeChat Pay for an order: POST /orders/{id}/payments answers the parameters for wx.requestPayment (the amount is
 * the order's, decided by the server); GET /orders/{id}/payment tells the payment's status.
 *
 * Demo only: a backend started with its fake services (`tools/dev.py up` / `e2e-server`) has development endpoints
 * under /dev, among them POST /dev/orders/{id}/simulate-payment, which has the fake WeChat Pay mark the payment paid
 * and send its signed notification. `hasSimulator()` is true only in the develop environment (config/env.js) and
 * only when the backend has those endpoints (GET /dev/sms-inbox answers 200); trial and release never ask.
 */
const http = require('../utils/request');
const env = require('../config/env');

let simulatorProbe = null; // {baseUrl, promise}: asked once per backend

/** → {payment_id, out_trade_no, amount, pay_params{appId, timeStamp, nonceStr, package, signType, paySign}} */
function createPayment(orderId, options) {
  return http.post(`/orders/${encodeURIComponent(orderId)}/payments`, {}, options);
}

/** → {id, out_trade_no, amount, status, transaction_id, paid_at, refunded_amount} */
function getPayment(orderId, options) {
  return http.get(`/orders/${encodeURIComponent(orderId)}/payment`, undefined, options);
}

/** Demo only (see above): → the paid order */
function simulatePayment(orderId, options) {
  return http.post(`/dev/orders/${encodeURIComponent(orderId)}/simulate-payment`, {}, options);
}

/** Whether the demo's simulated payment may be offered: develop environment and a backend with /dev endpoints. */
function hasSimulator() {
  if (env.getEnvVersion() !== 'develop') return Promise.resolve(false);
  const baseUrl = env.getBaseUrl();
  if (!simulatorProbe || simulatorProbe.baseUrl !== baseUrl) {
    const promise = http
      .get('/dev/sms-inbox', { phone: '0', limit: 1 }, { auth: false, showError: false })
      .then(() => true)
      .catch((err) => {
        if (err && err.statusCode === 0) simulatorProbe = null; // network trouble: ask again next time
        return false;
      });
    simulatorProbe = { baseUrl, promise };
  }
  return simulatorProbe.promise;
}

/** wx.requestPayment with the server's parameters; resolves on success, rejects with {errMsg} (cancel / fail). */
function requestPayment(payParams) {
  return new Promise((resolve, reject) => {
    wx.requestPayment(Object.assign({}, payParams, { success: resolve, fail: reject }));
  });
}

function isCancel(err) {
  return Boolean(err && /cancel/i.test(err.errMsg || ''));
}

module.exports = {
  createPayment,
  getPayment,
  simulatePayment,
  hasSimulator,
  requestPayment,
  isCancel,
  _reset() {
    simulatorProbe = null;
  },
};
