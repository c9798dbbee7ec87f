/** 确认订单: loading / error / data, e-cards, the address choice and every submit error, then the pay step. */
const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage, text } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  wx.requestPayment = jest.fn((o) => Promise.resolve().then(() => o.fail({ errMsg: 'requestPayment:fail cancel' })));
  seedSession(wx);
  installPageShim(wx);
  // no /dev endpoints unless a test adds them: wx.requestPayment is used
  wx.__api.on('GET /dev/sms-inbox', { statusCode: 404, data: errorBody(404, 'NOT_FOUND', '请求的资源不存在') });
});

const ADDRESS = { id: 1, receiver_name: '张三', receiver_phone: '13800001111', province: '江苏省', city: '苏州市', district: '相城区', detail: '阳澄湖大道1号', is_default: true };

let tokenCounter = 0;
function checkoutAnswer(extra) {
  tokenCounter += 1;
  return Object.assign(
    {
      order_type: 'package',
      lines: [{ item_id: 10, name: '公4.0两 母3.0两 3对装', cover_url: '/files/demo/package-3.png', unit_price: 39800, retail_price: 39800, quantity: 2, line_total: 79600, in_stock: true, kind: 'package' }],
      needs_address: true,
      address: ADDRESS,
      goods_amount: 79600,
      freight_amount: 4700,
      discount_amount: 0,
      pay_amount: 84300,
      submit_token: `token-${tokenCounter}-abcdef`,
    },
    extra,
  );
}

const ORDER = { id: 31, order_no: 'P20261123220051732667', status: 'pending_payment', allowed_actions: ['cancel', 'pay'] };

describe('确认订单', () => {
  test('loading, then the address, lines, freight and total; the cart checkout sends no item', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/order/checkout/index');
    expect(loading.instance.data.status).toBe('loading');
    expect(loading.dom.textContent).toContain('加载中');

    const page = await mountPage('pages/order/checkout/index');
    expect(wx.__api.callsTo('POST', '/checkout').pop().data).toEqual({});
    expect(page.instance.data.status).toBe('ready');
    const content = page.dom.textContent;
    expect(content).toContain('张三');
    expect(content).toContain('138****1111');
    expect(content).toContain('江苏省 苏州市 相城区 阳澄湖大道1号');
    expect(content).toContain('公4.0两 母3.0两 3对装');
    expect(text(page, '#goods-amount')).toBe('¥796.00');
    expect(text(page, '#freight-amount')).toBe('¥47.00');
    expect(text(page, '#pay-amount')).toBe('¥843.00');
    expect(page.querySelector('#ecard-notice')).toBeFalsy();
  });

  test('buy now sends item_id and quantity; an e-card needs no address: 电子卡将发放到您的卡包', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer({ order_type: 'ecard', needs_address: false, address: null, freight_amount: 0, goods_amount: 59800, pay_amount: 59800 }) });
    const page = await mountPage('pages/order/checkout/index', { item_id: '14', quantity: '2' });
    expect(wx.__api.callsTo('POST', '/checkout')[0].data).toEqual({ item_id: 14, quantity: 2 });
    expect(text(page, '#ecard-notice')).toContain('电子卡将发放到您的卡包');
    expect(page.querySelector('#address-card')).toBeFalsy();
    expect(page.querySelector('#address-empty')).toBeFalsy();
    expect(page.instance.data.needsAddress).toBe(false);
  });

  test('no default address: 请选择或添加收货地址, submit disabled; the chosen address is checked out again', async () => {
    wx.__api.on('POST /checkout', (call) => ({ data: checkoutAnswer({ address: call.data.address_id ? Object.assign({}, ADDRESS, { id: call.data.address_id, is_default: false }) : null, freight_amount: call.data.address_id ? 4700 : 0 }) }));
    const page = await mountPage('pages/order/checkout/index');
    expect(page.querySelector('#address-empty')).toBeTruthy();
    expect(page.instance.data.address).toBeNull(); // the button is disabled without an address
    await page.instance.onSubmit();
    expect(wx.__api.callsTo('POST', '/orders')).toHaveLength(0);

    page.instance.onChooseAddress();
    const nav = wx.navigateTo.mock.calls.pop()[0];
    expect(nav.url).toBe('/pages/address/list/index?select=1');
    nav.events.selectAddress(Object.assign({}, ADDRESS, { id: 4 }));
    await flush();
    expect(wx.__api.callsTo('POST', '/checkout').pop().data).toEqual({ address_id: 4 });
    expect(page.instance.data.address.id).toBe(4);
    expect(text(page, '#freight-amount')).toBe('¥47.00');
  });

  test('checkout errors: 409 FREIGHT_NOT_CONFIGURED offers a way back; 422 REGION_NOT_SERVED another address; others a retry', async () => {
    wx.__api.on('POST /checkout', { statusCode: 409, data: errorBody(409, 'FREIGHT_NOT_CONFIGURED', '商城尚未设置运费模板，暂不能下单，请联系客服') });
    const page = await mountPage('pages/order/checkout/index');
    expect(page.instance.data.status).toBe('error');
    expect(page.dom.textContent).toContain('商城尚未设置运费模板');
    expect(page.dom.textContent).toContain('返回');
    page.instance.onErrorAction();
    expect(wx.navigateBack).toHaveBeenCalled();

    wx.__api.on('POST /checkout', { statusCode: 422, data: errorBody(422, 'REGION_NOT_SERVED', '暂不支持配送到西藏自治区拉萨市') });
    await page.instance.load();
    expect(page.dom.textContent).toContain('更换收货地址');
    page.instance.onErrorAction();
    expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/address/list/index?select=1' }));

    wx.__api.on('POST /checkout', { networkError: 'timeout' });
    await page.instance.load();
    expect(page.dom.textContent).toContain('重试');
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    await page.instance.onErrorAction();
    expect(page.instance.data.status).toBe('ready');
  });

  test('submit: token, amount seen, address and remark; disabled while it runs; then pay and the order detail', async () => {
    const answer = checkoutAnswer();
    wx.__api.on('POST /checkout', { data: answer });
    let release;
    wx.__api.on('POST /orders', { statusCode: 201, data: ORDER });
    wx.__api.on('POST /orders/:id/payments', { data: { payment_id: 1, pay_params: { appId: 'wx', timeStamp: '1', nonceStr: 'n', package: 'prepay_id=x', signType: 'RSA', paySign: 's' } } });
    const page = await mountPage('pages/order/checkout/index');
    page.instance.onRemarkInput({ detail: { value: '请周五送达' } });
    const original = wx.request.getMockImplementation();
    wx.request.mockImplementation((o) => {
      if (o.url.endsWith('/orders') && o.method === 'POST' && !release) {
        release = () => original(o);
        return;
      }
      original(o);
    });
    const first = page.instance.onSubmit();
    await flush();
    expect(page.instance.data.submitting).toBe(true);
    expect(text(page, '#submit-order')).toBe('提交中…');
    await page.instance.onSubmit(); // a second tap while the first runs does nothing
    expect(wx.__api.callsTo('POST', '/orders')).toHaveLength(0);
    release();
    await first;
    const [submit] = wx.__api.callsTo('POST', '/orders');
    expect(submit.data).toEqual({ submit_token: answer.submit_token, expected_pay_amount: 84300, remark: '请周五送达' });
    expect(wx.__api.callsTo('POST', '/orders/31/payments')).toHaveLength(1);
    expect(wx.requestPayment).toHaveBeenCalled();
    // cancelled in WeChat: the order page (待付款 with its countdown) replaces this one
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/order/detail/index?id=31' });
  });

  test('develop with the demo endpoint: 模拟支付成功 pays, then the order detail', async () => {
    wx.__api.on('GET /dev/sms-inbox', { data: { items: [] } });
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    wx.__api.on('POST /orders', { statusCode: 201, data: ORDER });
    wx.__api.on('POST /orders/:id/payments', { data: { payment_id: 1, pay_params: {} } });
    wx.__api.on('POST /dev/orders/:id/simulate-payment', { data: Object.assign({}, ORDER, { status: 'pending_shipment' }) });
    const page = await mountPage('pages/order/checkout/index');
    wx.__actionSheetIndex = 0;
    await page.instance.onSubmit();
    expect(wx.showActionSheet.mock.calls[0][0].itemList[0]).toBe('模拟支付成功');
    expect(wx.__api.callsTo('POST', '/dev/orders/31/simulate-payment')).toHaveLength(1);
    expect(wx.requestPayment).not.toHaveBeenCalled();
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/order/detail/index?id=31' });
  });

  test('409 PRICE_CHANGED: old and new totals shown; confirming checks out again for a new token, then submits with it', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    wx.__api.on('POST /orders', {
      statusCode: 409,
      data: errorBody(409, 'PRICE_CHANGED', '商品价格或运费已变化，请确认新的金额后再提交', { pay_amount: 90000, goods_amount: 85300, freight_amount: 4700 }),
    });
    const page = await mountPage('pages/order/checkout/index');
    const firstToken = page.instance.data.submitToken;

    // declined: nothing else happens
    wx.__modalConfirm = false;
    await page.instance.onSubmit();
    const modal = wx.showModal.mock.calls[0][0];
    expect(modal.title).toBe('订单金额有变化');
    expect(modal.content).toContain('原应付 ¥843.00');
    expect(modal.content).toContain('现应付 ¥900.00');
    expect(modal.content).toContain('运费 ¥47.00');
    expect(wx.__api.callsTo('POST', '/checkout')).toHaveLength(1);
    expect(page.instance.data.submitting).toBe(false);
    expect(wx.showToast).not.toHaveBeenCalled(); // no generic toast on top of the modal

    // confirmed: checked out again, the new amounts and token shown
    wx.__modalConfirm = true;
    wx.__api.on('POST /checkout', { data: checkoutAnswer({ goods_amount: 85300, pay_amount: 90000 }) });
    await page.instance.onSubmit();
    expect(wx.__api.callsTo('POST', '/checkout')).toHaveLength(2);
    expect(text(page, '#pay-amount')).toBe('¥900.00');
    expect(page.instance.data.submitToken).not.toBe(firstToken);
    expect(text(page, '#checkout-notice')).toContain('¥900.00');

    wx.__api.on('POST /orders', { statusCode: 201, data: ORDER });
    wx.__api.on('POST /orders/:id/payments', { data: { pay_params: {} } });
    await page.instance.onSubmit();
    const last = wx.__api.callsTo('POST', '/orders').pop();
    expect(last.data).toMatchObject({ submit_token: page.instance.data.submitToken, expected_pay_amount: 90000 });
  });

  test('409 OUT_OF_STOCK: the message in a modal, then checked out again (short lines shown, submit disabled)', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    wx.__api.on('POST /orders', { statusCode: 409, data: errorBody(409, 'OUT_OF_STOCK', '「公4.0两 母3.0两 3对装」库存不足，请减少数量或稍后再试', { item_id: 10 }) });
    const page = await mountPage('pages/order/checkout/index');
    const short = checkoutAnswer();
    short.lines[0].in_stock = false;
    wx.__api.on('POST /checkout', { data: short });
    await page.instance.onSubmit();
    expect(wx.showModal.mock.calls[0][0]).toMatchObject({ title: '库存不足', content: expect.stringContaining('库存不足') });
    expect(wx.__api.callsTo('POST', '/checkout')).toHaveLength(2);
    expect(page.dom.textContent).toContain('库存不足');
    expect(page.instance.data.hasShortLine).toBe(true); // the button is disabled with a short line
  });

  test.each([[409, 'SUBMIT_TOKEN_EXPIRED'], [422, 'SUBMIT_TOKEN_MISMATCH'], [409, 'SUBMIT_TOKEN_INVALID']])('%i %s: checked out again for a new token, with a notice', async (status, code) => {
    wx.__api.on('POST /checkout', () => ({ data: checkoutAnswer() }));
    wx.__api.on('POST /orders', { statusCode: status, data: errorBody(status, code, '订单确认页已过期，请返回重新确认') });
    const page = await mountPage('pages/order/checkout/index');
    const before = page.instance.data.submitToken;
    page.instance.onRemarkInput({ detail: { value: '留言' } });
    await page.instance.onSubmit();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '订单确认页已过期，请返回重新确认' }));
    expect(page.instance.data.submitToken).not.toBe(before);
    expect(page.instance.data.remark).toBe('留言'); // what the buyer typed stays
    expect(text(page, '#checkout-notice')).toContain('请确认后再提交');
    expect(page.instance.data.submitting).toBe(false);
  });

  test('422 REGION_NOT_SERVED: asked to change the address, which opens the address list', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    wx.__api.on('POST /orders', { statusCode: 422, data: errorBody(422, 'REGION_NOT_SERVED', '暂不支持配送到西藏自治区拉萨市') });
    const page = await mountPage('pages/order/checkout/index');
    await page.instance.onSubmit();
    expect(wx.showModal.mock.calls[0][0].content).toContain('暂不支持配送到西藏自治区拉萨市');
    expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/address/list/index?select=1' }));
  });

  test('422 validation: the remark error under its field; an address error as a toast; anything else its message', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    const page = await mountPage('pages/order/checkout/index');
    wx.__api.on('POST /orders', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '提交的数据有误', { errors: { remark: ['备注最多200字'] } }) });
    await page.instance.onSubmit();
    expect(page.dom.textContent).toContain('备注最多200字');
    wx.__api.on('POST /orders', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '提交的数据有误', { errors: { address_id: ['请选择收货地址'] } }) });
    await page.instance.onSubmit();
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '请选择收货地址' }));
    wx.__api.on('POST /orders', { statusCode: 422, data: errorBody(422, 'CART_EMPTY', '请先选择要结算的商品') });
    await page.instance.onSubmit();
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '请先选择要结算的商品' }));
    expect(page.instance.data.submitting).toBe(false);
  });

  test('a timeout: the same token and idempotency key are sent again (the server answers the same order)', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    wx.__api.on('POST /orders', { networkError: 'timeout' });
    const page = await mountPage('pages/order/checkout/index');
    await page.instance.onSubmit();
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '请求超时，请稍后重试' }));
    wx.__api.on('POST /orders', { statusCode: 200, data: ORDER });
    wx.__api.on('POST /orders/:id/payments', { data: { pay_params: {} } });
    await page.instance.onSubmit();
    const [a, b] = wx.__api.callsTo('POST', '/orders');
    expect(b.data.submit_token).toBe(a.data.submit_token);
    expect(b.header['Idempotency-Key']).toBe(a.header['Idempotency-Key']);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/order/detail/index?id=31' });
  });

  test('409 WECHAT_LOGIN_REQUIRED at the pay step: 关联并支付 links the WeChat, the pay runs again, then the order opens', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    wx.__api.on('POST /orders', { statusCode: 201, data: ORDER });
    let prepays = 0;
    wx.__api.on('POST /orders/:id/payments', () => {
      prepays += 1;
      return prepays === 1 ? { statusCode: 409, data: errorBody(409, 'WECHAT_LOGIN_REQUIRED', '请先使用微信登录，再进行微信支付') } : { data: { pay_params: { appId: 'wx' } } };
    });
    wx.__api.on('POST /me/wechat', { data: { id: 1, nickname: '蟹友' } });
    wx.__api.on('GET /orders/:id/payment', { data: { status: 'paid' } });
    wx.requestPayment.mockImplementation((o) => Promise.resolve().then(() => o.success({ errMsg: 'requestPayment:ok' })));
    const page = await mountPage('pages/order/checkout/index');
    await page.instance.onSubmit();
    expect(wx.showModal.mock.calls[0][0]).toMatchObject({ content: '微信支付需要关联当前微信，是否关联？', confirmText: '关联并支付' });
    expect(wx.__api.callsTo('POST', '/me/wechat')[0].data).toEqual({ code: 'wx-login-code' });
    expect(wx.__api.callsTo('POST', '/orders/31/payments')).toHaveLength(2);
    expect(wx.requestPayment).toHaveBeenCalledTimes(1);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/order/detail/index?id=31' });
  });

  test('409 WECHAT_TAKEN while linking: the server message, and the (unpaid) order detail opens', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    wx.__api.on('POST /orders', { statusCode: 201, data: ORDER });
    wx.__api.on('POST /orders/:id/payments', { statusCode: 409, data: errorBody(409, 'WECHAT_LOGIN_REQUIRED', '请先使用微信登录，再进行微信支付') });
    wx.__api.on('POST /me/wechat', { statusCode: 409, data: errorBody(409, 'WECHAT_TAKEN', '该微信已绑定其他账号，请使用该微信原账号登录') });
    const page = await mountPage('pages/order/checkout/index');
    await page.instance.onSubmit();
    expect(wx.showModal.mock.calls[1][0].content).toBe('该微信已绑定其他账号，请使用该微信原账号登录');
    expect(wx.__api.callsTo('POST', '/orders/31/payments')).toHaveLength(1);
    expect(wx.requestPayment).not.toHaveBeenCalled();
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/order/detail/index?id=31' });
  });

  test('409 WECHAT_LOGIN_REQUIRED, linking declined: one modal only, and the (unpaid) order detail opens', async () => {
    wx.__api.on('POST /checkout', { data: checkoutAnswer() });
    wx.__api.on('POST /orders', { statusCode: 201, data: ORDER });
    wx.__api.on('POST /orders/:id/payments', { statusCode: 409, data: errorBody(409, 'WECHAT_LOGIN_REQUIRED', '请先使用微信登录，再进行微信支付') });
    wx.__modalConfirm = false;
    const page = await mountPage('pages/order/checkout/index');
    await page.instance.onSubmit();
    expect(wx.showModal).toHaveBeenCalledTimes(1);
    expect(wx.__api.callsTo('POST', '/me/wechat')).toHaveLength(0);
    expect(wx.requestPayment).not.toHaveBeenCalled();
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/order/detail/index?id=31' });
  });
});
