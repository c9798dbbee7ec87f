/**
 * services/cart.js, order.js (with the counts of 我的), payment.js, user.js uploadPicture; utils/pay-flow.js (with the WeChat link of POST /me/wechat) and utils/order-actions.js; request.js passing the error
 * body's extra fields (`details`); format.formatCountdown.
 */
const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');

let wx;

function mockPayment(outcome) {
  wx.requestPayment = jest.fn((o) => {
    Promise.resolve().then(() => {
      if (outcome === 'ok') o.success({ errMsg: 'requestPayment:ok' });
      else o.fail({ errMsg: `requestPayment:fail ${outcome}` });
    });
  });
}

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  seedSession(wx);
  global.wx = wx;
  global.getCurrentPages = () => [{ route: 'pages/order/checkout/index' }];
});

const CART = { items: [], selected_count: 0, selected_amount: 0 };

describe('cart service', () => {
  test('every call is authenticated and shaped as the API wants; quantities kept within 1–99', async () => {
    const cart = require('../../services/cart');
    wx.__api.on('GET /cart', { data: CART });
    wx.__api.on('POST /cart/lines', { statusCode: 201, data: { id: 1 } });
    wx.__api.on('PATCH /cart/lines/:id', { data: CART });
    wx.__api.on('POST /cart/remove', { data: CART });
    wx.__api.on('POST /cart/select-all', { data: CART });

    await expect(cart.getCart()).resolves.toEqual(CART);
    await cart.addToCart('7', 2);
    await cart.addToCart(7, 500);
    await cart.updateLine(3, { quantity: 0 });
    await cart.updateLine(3, { is_selected: 0 });
    await cart.removeLines(['3', 4]);
    await cart.selectAll(true);

    const calls = wx.__api.calls;
    expect(calls.every((c) => c.header.Authorization === 'Bearer access-1')).toBe(true);
    expect(calls.filter((c) => c.method === 'POST').every((c) => /^[0-9a-f-]{36}$/.test(c.header['Idempotency-Key']))).toBe(true);
    expect(calls.slice(1).map((c) => [c.method, c.path, c.data])).toEqual([
      ['POST', '/cart/lines', { item_id: 7, quantity: 2 }],
      ['POST', '/cart/lines', { item_id: 7, quantity: 99 }],
      ['PATCH', '/cart/lines/3', { quantity: 1 }],
      ['PATCH', '/cart/lines/3', { is_selected: false }],
      ['POST', '/cart/remove', { line_ids: [3, 4] }],
      ['POST', '/cart/select-all', { selected: true }],
    ]);
    expect(cart.clampQuantity('abc')).toBe(1);
    expect(cart.clampQuantity(12.7)).toBe(12);
  });
});

describe('order service', () => {
  test('checkout: buy now sends item and quantity; the cart checkout sends nothing but a chosen address', async () => {
    const order = require('../../services/order');
    wx.__api.on('POST /checkout', { data: { submit_token: 't'.repeat(12) } });
    await order.checkout({ item_id: '14', quantity: '2', address_id: null });
    await order.checkout({ item_id: null, quantity: null, address_id: 5 });
    await order.checkout();
    expect(wx.__api.callsTo('POST', '/checkout').map((c) => c.data)).toEqual([{ item_id: 14, quantity: 2 }, { address_id: 5 }, {}]);
  });

  test('submit: token, the amount seen, the trimmed remark; an idempotency key can be kept per token', async () => {
    const order = require('../../services/order');
    wx.__api.on('POST /orders', { statusCode: 201, data: { id: 9 } });
    await order.submitOrder({ submit_token: 'tok-123456789', expected_pay_amount: 84300, address_id: 1, remark: '  请周五送达 ' }, { idempotencyKey: 'key-1' });
    await order.submitOrder({ submit_token: 'tok-123456789', expected_pay_amount: '59800', item_id: 14, quantity: 1, remark: '   ' });
    const [first, second] = wx.__api.callsTo('POST', '/orders');
    // the token carries the lines and the address: they are not sent again
    expect(first.data).toEqual({ submit_token: 'tok-123456789', expected_pay_amount: 84300, remark: '请周五送达' });
    expect(first.header['Idempotency-Key']).toBe('key-1');
    expect(second.data).toEqual({ submit_token: 'tok-123456789', expected_pay_amount: 59800 });
  });

  test('409 PRICE_CHANGED keeps the new amounts of the body in err.details', async () => {
    const order = require('../../services/order');
    wx.__api.on('POST /orders', {
      statusCode: 409,
      data: errorBody(409, 'PRICE_CHANGED', '商品价格或运费已变化，请确认新的金额后再提交', { pay_amount: 90000, goods_amount: 85300, freight_amount: 4700 }),
    });
    const err = await order.submitOrder({ submit_token: 'tok-123456789', expected_pay_amount: 84300 }, { showError: false }).catch((e) => e);
    expect(err).toMatchObject({ statusCode: 409, error_code: 'PRICE_CHANGED', details: { pay_amount: 90000, goods_amount: 85300, freight_amount: 4700 } });
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('orders: list by tab (unknown tabs and types left out), detail, cancel with a reason, confirm receipt', async () => {
    const order = require('../../services/order');
    wx.__api.on('GET /orders', { data: { items: [], total: 0, page: 1, page_size: 10 } });
    wx.__api.on('GET /orders/:id', { data: { id: 3 } });
    wx.__api.on('POST /orders/:id/cancel', { data: { id: 3, status: 'closed' } });
    wx.__api.on('POST /orders/:id/confirm-receipt', { data: { id: 3, status: 'completed' } });
    await order.listOrders({ tab: 'shipped', order_type: 'ecard', page: 2, page_size: 10 });
    await order.listOrders({ tab: 'refunding', order_type: 'b2b' });
    await order.getOrder(3);
    await order.cancelOrder(3, '不想买了');
    await order.cancelOrder(3);
    await order.confirmReceipt(3);
    const calls = wx.__api.calls;
    expect(calls[0].query).toEqual({ tab: 'shipped', order_type: 'ecard', page: '2', page_size: '10' });
    expect(calls[1].query).toEqual({});
    expect(calls[2].path).toBe('/orders/3');
    expect(calls[3].data).toEqual({ reason: '不想买了' });
    expect(calls[4].data).toEqual({ reason: '买家取消' });
    expect([calls[5].method, calls[5].path]).toEqual(['POST', '/orders/3/confirm-receipt']);
  });

  test('order counts: one GET /orders/counts (not the /orders/:id route)', async () => {
    const order = require('../../services/order');
    const counts = { pending_payment: 1, pending_shipment: 2, shipped: 3, completed: 4, aftersale_open: 5 };
    wx.__api.on('GET /orders/counts', { data: counts });
    await expect(order.getOrderCounts()).resolves.toEqual(counts);
    expect(wx.__api.calls.map((c) => [c.method, c.path, c.header.Authorization])).toEqual([['GET', '/orders/counts', 'Bearer access-1']]);
  });

  test('member picture upload: POST /me/uploads?purpose= with the field file, {url} back; unknown purposes refused', async () => {
    const user = require('../../services/user');
    wx.__api.on('POST /me/uploads', (call) => ({ statusCode: 201, data: { url: `/files/uploads/${call.query.purpose}/1/a.png` } }));
    const progress = [];
    await expect(user.uploadPicture('review', 'http://tmp/a.png', { onProgress: (p) => progress.push(p) })).resolves.toEqual({ url: '/files/uploads/review/1/a.png' });
    const call = wx.__api.calls[0];
    expect(call).toMatchObject({ method: 'POST', path: '/me/uploads', query: { purpose: 'review' }, name: 'file', filePath: 'http://tmp/a.png' });
    expect(progress).toEqual([50, 100]);
    await expect(user.uploadPicture('avatar', 'http://tmp/a.png')).rejects.toThrow('unknown upload purpose');
    expect(wx.__api.calls).toHaveLength(1);
  });

  test('status names and the buttons of allowed_actions (cancel first, the main action last)', () => {
    const order = require('../../services/order');
    expect(order.statusName({ status: 'shipped' })).toBe('待收货');
    expect(order.statusName({ status: 'shipped', status_name: '已发货' })).toBe('已发货');
    expect(order.actionButtons(['pay', 'cancel', 'refund']).map((a) => a.title)).toEqual(['取消订单', '付款']);
    expect(order.actionButtons(undefined)).toEqual([]);
    expect(order.TABS.map((t) => t.title)).toEqual(['全部', '待付款', '待发货', '待收货', '待评价', '已完成', '已关闭']);
    expect(order.TAB_KEYS).toEqual(['all', 'pending_payment', 'pending_shipment', 'shipped', 'pending_review', 'completed', 'closed']);
  });

  test('entry buttons: 申请售后 / 评价 only when allowed_actions has aftersale / review; their pages with the order id', () => {
    const order = require('../../services/order');
    const keys = (status, allowed) => order.linkButtons({ status, allowed_actions: allowed }).map((l) => l.key);
    expect(keys('pending_payment', ['pay', 'cancel'])).toEqual([]);
    expect(keys('pending_shipment', ['aftersale'])).toEqual(['aftersale']);
    expect(keys('shipped', ['confirm_receipt', 'aftersale'])).toEqual(['aftersale']);
    expect(keys('completed', ['aftersale', 'review'])).toEqual(['aftersale', 'review']);
    expect(keys('completed', ['review', 'aftersale'])).toEqual(['aftersale', 'review']); // drawn in a fixed order
    // the status says nothing by itself: a case open / the window passed, every line reviewed
    expect(keys('shipped', ['confirm_receipt'])).toEqual([]);
    expect(keys('completed', [])).toEqual([]);
    expect(keys('completed', ['review'])).toEqual(['review']);
    expect(keys('completed', ['aftersale'])).toEqual(['aftersale']);
    expect(keys('completed', undefined)).toEqual([]);
    expect(keys('closed', [])).toEqual([]);
    expect(order.linkButtons(null)).toEqual([]);
    expect(order.linkButtons({ status: 'completed', allowed_actions: ['aftersale', 'review'] })).toEqual([
      { key: 'aftersale', title: '申请售后', primary: false },
      { key: 'review', title: '评价', primary: true },
    ]);
    // and the state buttons leave the entries out
    expect(order.actionButtons(['confirm_receipt', 'aftersale', 'review']).map((a) => a.key)).toEqual(['confirm_receipt']);
    expect(order.linkUrl('aftersale', 7)).toBe('/pages/aftersale/apply/index?order_id=7');
    expect(order.linkUrl('review', '7')).toBe('/pages/review/create/index?order_id=7');
    expect(order.linkUrl('refund', 7)).toBe('');
    expect(order.linkUrl('review', '')).toBe('');
  });
});

describe('payment service', () => {
  test('prepay, status and the demo simulate call', async () => {
    const payment = require('../../services/payment');
    wx.__api.on('POST /orders/:id/payments', { data: { payment_id: 1, pay_params: { appId: 'wx' } } });
    wx.__api.on('GET /orders/:id/payment', { data: { status: 'paid' } });
    wx.__api.on('POST /dev/orders/:id/simulate-payment', { data: { id: 4, status: 'pending_shipment' } });
    await expect(payment.createPayment(4)).resolves.toMatchObject({ pay_params: { appId: 'wx' } });
    await expect(payment.getPayment(4)).resolves.toEqual({ status: 'paid' });
    await expect(payment.simulatePayment(4)).resolves.toMatchObject({ status: 'pending_shipment' });
    expect(wx.__api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /orders/4/payments', 'GET /orders/4/payment', 'POST /dev/orders/4/simulate-payment']);
  });

  test('hasSimulator: develop + a backend with /dev endpoints, asked once; never in trial or release', async () => {
    let payment = require('../../services/payment');
    wx.__api.on('GET /dev/sms-inbox', { data: { items: [] } });
    await expect(payment.hasSimulator()).resolves.toBe(true);
    await expect(payment.hasSimulator()).resolves.toBe(true);
    expect(wx.__api.callsTo('GET', '/dev/sms-inbox')).toHaveLength(1);
    expect(wx.__api.calls[0].header.Authorization).toBeUndefined();

    jest.resetModules();
    wx.__api.calls.length = 0;
    wx.__api.on('GET /dev/sms-inbox', { statusCode: 404, data: errorBody(404, 'NOT_FOUND', '请求的资源不存在') });
    payment = require('../../services/payment');
    await expect(payment.hasSimulator()).resolves.toBe(false);
    expect(wx.showToast).not.toHaveBeenCalled();

    jest.resetModules();
    wx.__api.calls.length = 0;
    wx.getAccountInfoSync.mockReturnValue({ miniProgram: { envVersion: 'release' } });
    payment = require('../../services/payment');
    await expect(payment.hasSimulator()).resolves.toBe(false);
    expect(wx.__api.calls).toHaveLength(0);
  });
});

describe('pay flow', () => {
  function payApi(options) {
    const opts = options || {};
    wx.__api.on('POST /orders/:id/payments', opts.prepay || { data: { payment_id: 1, pay_params: { appId: 'wx-demo', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=p', signType: 'RSA', paySign: 's' } } });
    wx.__api.on('GET /orders/:id/payment', { data: { status: 'paid' } });
    wx.__api.on('POST /dev/orders/:id/simulate-payment', { data: { id: 5, status: 'pending_shipment' } });
    wx.__api.on('GET /dev/sms-inbox', opts.dev === false ? { statusCode: 404, data: errorBody(404, 'NOT_FOUND', 'x') } : { data: { items: [] } });
  }

  test('develop with the demo endpoint: the action sheet offers 模拟支付成功, which pays through the simulate call', async () => {
    payApi();
    mockPayment('ok');
    const { payOrder } = require('../../utils/pay-flow');
    wx.__actionSheetIndex = 0;
    await expect(payOrder(5)).resolves.toMatchObject({ result: 'paid', order: { status: 'pending_shipment' } });
    expect(wx.showActionSheet.mock.calls[0][0].itemList).toEqual(['模拟支付成功', '微信支付']);
    expect(wx.requestPayment).not.toHaveBeenCalled();
    expect(wx.__api.callsTo('POST', '/dev/orders/5/simulate-payment')).toHaveLength(1);
  });

  test('the second choice (or no demo endpoint) calls wx.requestPayment with the server parameters as they are', async () => {
    payApi({ dev: false });
    mockPayment('ok');
    const { payOrder } = require('../../utils/pay-flow');
    await expect(payOrder(5)).resolves.toMatchObject({ result: 'paid', payment: { status: 'paid' } });
    expect(wx.showActionSheet).not.toHaveBeenCalled();
    expect(wx.requestPayment.mock.calls[0][0]).toMatchObject({ appId: 'wx-demo', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=p', signType: 'RSA', paySign: 's' });
  });

  test('cancelled in WeChat, or the action sheet closed: cancelled; a WeChat failure: failed', async () => {
    payApi();
    mockPayment('cancel');
    let { payOrder } = require('../../utils/pay-flow');
    wx.__actionSheetIndex = 1;
    await expect(payOrder(5)).resolves.toEqual({ result: 'cancelled' });
    wx.__actionSheetIndex = -1;
    await expect(payOrder(5)).resolves.toEqual({ result: 'cancelled' });
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已取消支付' }));

    jest.resetModules();
    mockPayment('system error');
    ({ payOrder } = require('../../utils/pay-flow'));
    wx.__actionSheetIndex = 1;
    await expect(payOrder(5)).resolves.toMatchObject({ result: 'failed' });
  });

  describe('409 WECHAT_LOGIN_REQUIRED (no WeChat identity): link the current WeChat, then pay', () => {
    const LOGIN_REQUIRED = { statusCode: 409, data: errorBody(409, 'WECHAT_LOGIN_REQUIRED', '请先使用微信登录，再进行微信支付') };
    const PREPAY_OK = { data: { payment_id: 1, pay_params: { appId: 'wx-demo', package: 'prepay_id=p' } } };
    const LINKED_USER = { id: 1, nickname: '蟹友', phone: '13800000001' };

    // the first prepay is refused, the next ones answer `later` (the account is linked by then)
    function refusedOnce(later) {
      let n = 0;
      payApi({ dev: false, prepay: () => (n++ === 0 ? LOGIN_REQUIRED : later || PREPAY_OK) });
    }

    function paths() {
      return wx.__api.calls.filter((c) => c.path !== '/dev/sms-inbox').map((c) => `${c.method} ${c.path}`);
    }

    test('关联并支付: wx.login → POST /me/wechat {code} → the prepay once more → wx.requestPayment → paid', async () => {
      refusedOnce();
      wx.__api.on('POST /me/wechat', { data: LINKED_USER });
      mockPayment('ok');
      const { payOrder } = require('../../utils/pay-flow');
      await expect(payOrder(5)).resolves.toMatchObject({ result: 'paid', payment: { status: 'paid' } });
      const ask = wx.showModal.mock.calls[0][0];
      expect(ask).toMatchObject({ content: '微信支付需要关联当前微信，是否关联？', confirmText: '关联并支付', cancelText: '取消' });
      expect(wx.showModal).toHaveBeenCalledTimes(1);
      expect(wx.login).toHaveBeenCalledTimes(1);
      expect(paths()).toEqual(['POST /orders/5/payments', 'POST /me/wechat', 'POST /orders/5/payments', 'GET /orders/5/payment']);
      const link = wx.__api.callsTo('POST', '/me/wechat')[0];
      expect(link.data).toEqual({ code: 'wx-login-code' });
      expect(link.header.Authorization).toBe('Bearer access-1');
      expect(wx.requestPayment.mock.calls[0][0]).toMatchObject({ appId: 'wx-demo', package: 'prepay_id=p' });
      expect(wx.__storage.get('session.user')).toEqual(LINKED_USER); // the answered user is kept
      expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '支付成功' }));
    });

    test('develop with dev.fakeOpenid: the fake WeChat code openid:<x>, as on the login page (no wx.login)', async () => {
      refusedOnce();
      wx.__storage.set('dev.fakeOpenid', 'tester1');
      wx.__api.on('POST /me/wechat', { data: LINKED_USER });
      mockPayment('ok');
      const { payOrder } = require('../../utils/pay-flow');
      await expect(payOrder(5)).resolves.toMatchObject({ result: 'paid' });
      expect(wx.login).not.toHaveBeenCalled();
      expect(wx.__api.callsTo('POST', '/me/wechat')[0].data).toEqual({ code: 'openid:tester1' });
    });

    test('409 WECHAT_TAKEN: the server message is shown and the pay ends failed (no second prepay)', async () => {
      refusedOnce();
      wx.__api.on('POST /me/wechat', { statusCode: 409, data: errorBody(409, 'WECHAT_TAKEN', '该微信已绑定其他账号，请使用该微信原账号登录') });
      mockPayment('ok');
      const { payOrder } = require('../../utils/pay-flow');
      await expect(payOrder(5)).resolves.toEqual({ result: 'failed', error_code: 'WECHAT_TAKEN', message: '该微信已绑定其他账号，请使用该微信原账号登录' });
      expect(wx.showModal).toHaveBeenCalledTimes(2);
      expect(wx.showModal.mock.calls[1][0]).toMatchObject({ content: '该微信已绑定其他账号，请使用该微信原账号登录', showCancel: false });
      expect(paths()).toEqual(['POST /orders/5/payments', 'POST /me/wechat']);
      expect(wx.requestPayment).not.toHaveBeenCalled();
      expect(wx.showToast).not.toHaveBeenCalled(); // request.js stayed quiet (showError: false): one message only
    });

    test('a bad code (422) or a failed wx.login: the message shown, failed, nothing paid', async () => {
      refusedOnce();
      wx.__api.on('POST /me/wechat', { statusCode: 422, data: errorBody(422, 'WECHAT_CODE_INVALID', '微信登录凭证无效，请重新登录') });
      mockPayment('ok');
      let { payOrder } = require('../../utils/pay-flow');
      await expect(payOrder(5)).resolves.toMatchObject({ result: 'failed', message: '微信登录凭证无效，请重新登录' });
      expect(wx.showModal.mock.calls[1][0].content).toBe('微信登录凭证无效，请重新登录');

      jest.resetModules();
      wx.__api.calls.length = 0;
      wx.showModal.mockClear();
      refusedOnce();
      wx.login = jest.fn((o) => Promise.resolve().then(() => o.fail({ errMsg: 'login:fail' })));
      ({ payOrder } = require('../../utils/pay-flow'));
      await expect(payOrder(5)).resolves.toMatchObject({ result: 'failed', error_code: 'WECHAT_LOGIN_FAILED' });
      expect(wx.showModal.mock.calls[1][0].content).toBe('微信登录失败，请重试');
      expect(wx.__api.callsTo('POST', '/me/wechat')).toHaveLength(0);
      expect(wx.requestPayment).not.toHaveBeenCalled();
    });

    test('linked, but the prepay is refused again: retried once only, the message toasted, failed', async () => {
      refusedOnce(LOGIN_REQUIRED);
      wx.__api.on('POST /me/wechat', { data: LINKED_USER });
      mockPayment('ok');
      const { payOrder } = require('../../utils/pay-flow');
      await expect(payOrder(5)).resolves.toMatchObject({ result: 'failed', error_code: 'WECHAT_LOGIN_REQUIRED' });
      expect(wx.__api.callsTo('POST', '/orders/5/payments')).toHaveLength(2);
      expect(wx.showModal).toHaveBeenCalledTimes(1); // not asked twice
      expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '请先使用微信登录，再进行微信支付' }));
      expect(wx.requestPayment).not.toHaveBeenCalled();
    });

    test('取消: cancelled like a closed payment sheet; no second modal, no wx.login, no link', async () => {
      refusedOnce();
      wx.__modalConfirm = false;
      mockPayment('ok');
      const { payOrder } = require('../../utils/pay-flow');
      await expect(payOrder(5)).resolves.toEqual({ result: 'cancelled' });
      expect(wx.showModal).toHaveBeenCalledTimes(1);
      expect(wx.showModal.mock.calls[0][0].content).toBe('微信支付需要关联当前微信，是否关联？');
      expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已取消支付' }));
      expect(wx.login).not.toHaveBeenCalled();
      expect(paths()).toEqual(['POST /orders/5/payments']);
      expect(wx.requestPayment).not.toHaveBeenCalled();
    });
  });

  test('order actions: cancel asks for a reason (closing the sheet keeps the order); confirm receipt asks first', async () => {
    wx.__api.on('POST /orders/:id/cancel', { data: { id: 5, status: 'closed' } });
    wx.__api.on('POST /orders/:id/confirm-receipt', { data: { id: 5, status: 'completed' } });
    const { runOrderAction } = require('../../utils/order-actions');
    wx.__actionSheetIndex = -1;
    await expect(runOrderAction('cancel', 5)).resolves.toMatchObject({ done: false });
    wx.__actionSheetIndex = 1;
    await expect(runOrderAction('cancel', 5)).resolves.toMatchObject({ done: true });
    expect(wx.__api.callsTo('POST', '/orders/5/cancel')[0].data).toEqual({ reason: '地址或信息填错了' });

    wx.__modalConfirm = false;
    await expect(runOrderAction('confirm_receipt', 5)).resolves.toMatchObject({ done: false });
    expect(wx.__api.callsTo('POST', '/orders/5/confirm-receipt')).toHaveLength(0);
    wx.__modalConfirm = true;
    await expect(runOrderAction('confirm_receipt', 5)).resolves.toMatchObject({ done: true });
    await expect(runOrderAction('refund', 5)).resolves.toMatchObject({ done: false });
    await flush();
  });
});

test('formatCountdown: mm:ss, H:mm:ss from one hour, empty when nothing is left', () => {
  const { formatCountdown } = require('../../utils/format');
  expect(formatCountdown(125000)).toBe('02:05');
  expect(formatCountdown(29 * 60 * 1000 + 59999)).toBe('29:59');
  expect(formatCountdown(3723000)).toBe('1:02:03');
  expect(formatCountdown(999)).toBe('');
  expect(formatCountdown(-5)).toBe('');
  expect(formatCountdown('x')).toBe('');
});
