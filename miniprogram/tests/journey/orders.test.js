/**
 * Buying journey against the real backend (demo data: packages at retail prices, a default freight template, fake
 * WeChat login and fake WeChat Pay with the /dev simulate step):
 * WeChat login (code openid:journey-buyer) → an address → detail → 加入购物车 twice → the cart shows 2 → checkout
 * with freight and total → submit → 模拟支付成功 → the order detail shows 待发货 and a timeline with create and pay →
 * 我的订单 待发货 lists it; a second order (立即购买) left unpaid → 待付款 with a countdown → 取消订单 → 已关闭.
 * A phone / password account (demo member 13800000005, no WeChat identity): 立即购买 → 提交订单 → the prepay answers
 * 409 WECHAT_LOGIN_REQUIRED → 关联并支付 → POST /me/wechat with the fake code openid:journey-linker → the prepay
 * again succeeds → 模拟支付成功 → 待发货.
 */
const { createHttpWx, api } = require('../helpers/http-wx');
const { installPageShim, mountPage } = require('../helpers/page-shim');
const { waitFor, failedCalls, saveDefaultAddress } = require('../helpers/journey');

jest.setTimeout(90000);

const BASE = process.env.JOURNEY_API_BASE;
const describeJourney = BASE ? describe : describe.skip;
const BUYER_OPENID = 'journey-buyer';
const LINKER_PHONE = '13800000005'; // demo member with a password and no WeChat identity
const LINKER_PASSWORD = 'Member@123';
const LINKER_OPENID = 'journey-linker';

function lastUrl(mockFn) {
  const calls = mockFn.mock.calls;
  return calls.length ? calls[calls.length - 1][0].url : '';
}

function queryOf(pageUrl) {
  const query = {};
  const q = pageUrl.split('?')[1] || '';
  q.split('&').filter(Boolean).forEach((pair) => {
    const [k, v] = pair.split('=');
    query[k] = decodeURIComponent(v);
  });
  return query;
}

describeJourney('buying journey (real backend)', () => {
  let wx;

  beforeEach(() => {
    jest.resetModules();
    wx = createHttpWx({ envVersion: 'develop' });
    wx.__storage.set('dev.apiBaseUrl', BASE);
    wx.__storage.set('dev.fakeOpenid', BUYER_OPENID); // the login page sends wx.login code `openid:journey-buyer`
    installPageShim(wx);
  });

  test('WeChat login → address → cart ×2 → checkout → simulated pay → 待发货; a second order cancelled → 已关闭', async () => {
    // 1. WeChat login with the fake openid
    const login = await mountPage('pages/auth/login/index');
    login.instance.toggleAgree();
    await login.instance.onWechatLogin();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__httpLog.find((e) => e.url.endsWith('/auth/wechat-login')).body).toEqual({ code: `openid:${BUYER_OPENID}` });
    const token = wx.__storage.get('session.accessToken');
    expect(token).toBeTruthy();

    // a backend reused between runs may still hold this buyer's cart: start from an empty one
    const leftover = await api(BASE, 'GET', '/cart', token);
    if (leftover.data.items.length) {
      const cart = require('../../services/cart');
      await cart.removeLines(leftover.data.items.map((l) => l.id));
    }

    // 2. an address (the buyer's first one becomes the default)
    await saveDefaultAddress(mountPage, { receiver_name: '蟹友甲', receiver_phone: '13912345678', detail: '阳澄湖镇湖滨路8号' });
    expect(failedCalls(wx)).toEqual([]);

    // 3. the cheapest package's detail page: 加入购物车 twice (one each time)
    const packages = await api(BASE, 'GET', '/storefront/items?kind=package&sort=price', token);
    const target = packages.data.items[0];
    const detail = await mountPage('pages/catalog/detail/index', { id: String(target.id) });
    await waitFor(() => detail.instance.data.status !== 'loading', 'the detail page');
    expect(detail.instance.data.status).toBe('ready');
    expect(detail.querySelector('#add-to-cart')).toBeTruthy();
    for (let i = 0; i < 2; i += 1) {
      detail.instance.onAddToCartTap();
      expect(detail.instance.data.sheetVisible).toBe(true);
      // eslint-disable-next-line no-await-in-loop
      await detail.instance.onConfirmSheet();
      expect(detail.instance.data.sheetVisible).toBe(false);
    }
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已加入购物车' }));

    // 4. the cart shows one line of quantity 2, selected, and its total
    const cartPage = await mountPage('pages/cart/index/index');
    await waitFor(() => cartPage.instance.data.status !== 'loading', 'the cart');
    expect(cartPage.instance.data.lines.map((l) => [l.itemId, l.quantity, l.isSelected])).toEqual([[target.id, 2, true]]);
    expect(cartPage.instance.data.selectedAmount).toBe(target.price * 2);
    expect(cartPage.dom.textContent).toContain(`¥${((target.price * 2) / 100).toFixed(2)}`);
    await cartPage.instance.onCheckout();
    expect(lastUrl(wx.navigateTo)).toBe('/pages/order/checkout/index');

    // 5. checkout: the default address, freight from the template, total = goods + freight
    const checkout = await mountPage('pages/order/checkout/index');
    await waitFor(() => checkout.instance.data.status !== 'loading', 'the checkout');
    expect(failedCalls(wx)).toEqual([]);
    const co = checkout.instance.data;
    expect(co.status).toBe('ready');
    expect(co.address.name).toBe('蟹友甲');
    expect(co.goodsAmount).toBe(target.price * 2);
    expect(co.freightAmount).toBeGreaterThan(0);
    expect(co.payAmount).toBe(co.goodsAmount + co.freightAmount);
    expect(checkout.dom.textContent).toContain(`¥${(co.freightAmount / 100).toFixed(2)}`);
    expect(checkout.dom.textContent).toContain(`¥${(co.payAmount / 100).toFixed(2)}`);

    // 6. submit → the pay step offers 模拟支付成功 (develop + the backend's /dev endpoints) → the order detail
    wx.__actionSheetIndex = 0;
    await checkout.instance.onSubmit();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.showActionSheet.mock.calls[0][0].itemList[0]).toBe('模拟支付成功');
    const detailUrl = lastUrl(wx.redirectTo);
    expect(detailUrl).toMatch(/^\/pages\/order\/detail\/index\?id=\d+$/);
    const orderId = Number(queryOf(detailUrl).id);

    const orderPage = await mountPage('pages/order/detail/index', queryOf(detailUrl));
    await waitFor(() => orderPage.instance.data.status !== 'loading', 'the order detail');
    expect(text(orderPage, '#status-name')).toBe('待发货');
    expect(orderPage.instance.data.order.timeline.map((e) => e.action)).toEqual(['pay', 'create']);
    expect(orderPage.dom.textContent).toContain('付款成功');
    expect(orderPage.dom.textContent).toContain('提交订单');
    expect(text(orderPage, '#pay-amount')).toBe(`¥${(co.payAmount / 100).toFixed(2)}`);
    expect(orderPage.instance.data.countdown).toBe('');
    orderPage.instance.onUnload();
    const payment = await api(BASE, 'GET', `/orders/${orderId}/payment`, token);
    expect(payment.data.status).toBe('paid');

    // the cart is empty now (the ordered lines left it)
    const cartAfter = await mountPage('pages/cart/index/index');
    await waitFor(() => cartAfter.instance.data.status !== 'loading', 'the cart');
    expect(cartAfter.instance.data.status).toBe('empty');

    // 7. 我的订单 → 待发货 lists it
    const orders = await mountPage('pages/order/list/index', { tab: 'pending_shipment' });
    await waitFor(() => orders.instance.data.listStatus !== 'loading', 'my orders');
    expect(failedCalls(wx)).toEqual([]);
    const listed = orders.instance.data.items.find((o) => o.id === orderId);
    expect(listed).toMatchObject({ statusName: '待发货', payAmount: co.payAmount, actions: [] });

    // 8. a second order, bought at once and left unpaid (the pay step closed) → 待付款 with a countdown
    detail.instance.onBuyNowTap();
    await detail.instance.onConfirmSheet();
    const buyUrl = lastUrl(wx.navigateTo);
    expect(buyUrl).toBe(`/pages/order/checkout/index?item_id=${target.id}&quantity=1`);
    const buyNow = await mountPage('pages/order/checkout/index', queryOf(buyUrl));
    await waitFor(() => buyNow.instance.data.status !== 'loading', 'the buy-now checkout');
    expect(buyNow.instance.data.goodsAmount).toBe(target.price);
    wx.__actionSheetIndex = -1; // the buyer closes the pay choice
    await buyNow.instance.onSubmit();
    expect(failedCalls(wx)).toEqual([]);
    const secondUrl = lastUrl(wx.redirectTo);
    const secondId = Number(queryOf(secondUrl).id);
    expect(secondId).not.toBe(orderId);

    const unpaid = await mountPage('pages/order/detail/index', queryOf(secondUrl));
    await waitFor(() => unpaid.instance.data.status !== 'loading', 'the unpaid order');
    expect(text(unpaid, '#status-name')).toBe('待付款');
    expect(unpaid.instance.data.countdown).toMatch(/^\d+:\d\d/);
    expect(text(unpaid, '#countdown')).toContain('内完成付款');
    expect(unpaid.instance.data.order.actions.map((a) => a.key)).toEqual(['cancel', 'pay']);

    // 9. 取消订单 with a reason → 已关闭, listed under 已关闭
    wx.__actionSheetIndex = 0;
    await unpaid.instance.onActionTap({ currentTarget: { dataset: { action: 'cancel' } } });
    expect(failedCalls(wx)).toEqual([]);
    expect(text(unpaid, '#status-name')).toBe('已关闭');
    expect(unpaid.dom.textContent).toContain('订单已取消');
    expect(unpaid.instance.data.order.timeline.map((e) => e.action)).toEqual(['cancel', 'create']);
    expect(unpaid.instance.data.countdown).toBe('');
    unpaid.instance.onUnload();

    await orders.instance.onTabTap({ currentTarget: { dataset: { key: 'closed' } } });
    await waitFor(() => orders.instance.data.listStatus !== 'loading', 'the closed orders');
    expect(orders.instance.data.items.map((o) => o.id)).toContain(secondId);
    expect(orders.instance.data.items.find((o) => o.id === secondId).statusName).toBe('已关闭');
  });

  test('a password account links its WeChat at the pay step (POST /me/wechat), then the prepay succeeds → 待发货', async () => {
    wx.__storage.set('dev.fakeOpenid', LINKER_OPENID); // the wx.login code of the link: openid:journey-linker
    const login = await mountPage('pages/auth/login/index');
    login.instance.switchMode({ currentTarget: { dataset: { mode: 'password' } } });
    login.instance.toggleAgree();
    login.instance.onPhoneInput({ detail: { value: LINKER_PHONE } });
    login.instance.onPasswordInput({ detail: { value: LINKER_PASSWORD } });
    await login.instance.onPasswordLogin();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__httpLog.some((e) => e.url.endsWith('/auth/wechat-login'))).toBe(false);
    const token = wx.__storage.get('session.accessToken');
    expect(token).toBeTruthy();

    // an address (skipped when the account already has one)
    const addresses = await api(BASE, 'GET', '/me/addresses', token);
    if (!addresses.data.items.length) {
      await saveDefaultAddress(mountPage, { receiver_name: '蟹友丙', receiver_phone: '13912345670', detail: '阳澄湖镇湖滨路10号' });
      expect(failedCalls(wx)).toEqual([]);
    }

    // 立即购买 the cheapest package → 提交订单 → the pay step
    const packages = await api(BASE, 'GET', '/storefront/items?kind=package&sort=price', token);
    const target = packages.data.items[0];
    const checkout = await mountPage('pages/order/checkout/index', { item_id: String(target.id), quantity: '1' });
    await waitFor(() => checkout.instance.data.status !== 'loading', 'the buy-now checkout');
    expect(checkout.instance.data.status).toBe('ready');
    wx.__httpLog.length = 0;
    wx.__modalConfirm = true; // 关联并支付
    wx.__actionSheetIndex = 0; // then 模拟支付成功
    await checkout.instance.onSubmit();

    const detailUrl = lastUrl(wx.redirectTo);
    expect(detailUrl).toMatch(/^\/pages\/order\/detail\/index\?id=\d+$/);
    const orderId = Number(queryOf(detailUrl).id);
    const steps = wx.__httpLog
      .filter((e) => !/\/dev\/sms-inbox/.test(e.url))
      .map((e) => `${e.method} ${e.url.slice(BASE.length).split('?')[0]} ${e.status}`);
    // a backend reused between runs may have linked this account already: then the first prepay just succeeds
    const refused = wx.__httpLog.find((e) => e.status === 409);
    if (refused) {
      expect(refused.answer.error_code).toBe('WECHAT_LOGIN_REQUIRED');
      expect(wx.showModal.mock.calls[0][0].content).toBe('微信支付需要关联当前微信，是否关联？');
      expect(steps).toEqual([
        'POST /orders 201',
        `POST /orders/${orderId}/payments 409`,
        'POST /me/wechat 200',
        `POST /orders/${orderId}/payments 200`,
        `POST /dev/orders/${orderId}/simulate-payment 200`,
      ]);
      expect(wx.__httpLog.find((e) => e.url.endsWith('/me/wechat')).body).toEqual({ code: `openid:${LINKER_OPENID}` });
    }
    expect(failedCalls(wx).filter((c) => !/ → 409 /.test(c))).toEqual([]);
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '支付成功' }));

    const paid = await mountPage('pages/order/detail/index', queryOf(detailUrl));
    await waitFor(() => paid.instance.data.status !== 'loading', 'the paid order');
    expect(text(paid, '#status-name')).toBe('待发货');
    paid.instance.onUnload();
    const payment = await api(BASE, 'GET', `/orders/${orderId}/payment`, token);
    expect(payment.data.status).toBe('paid');
  });
});

function text(comp, selector) {
  const node = comp.querySelector(selector);
  return node ? node.dom.textContent.trim() : null;
}
