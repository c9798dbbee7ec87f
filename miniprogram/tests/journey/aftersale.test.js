/**
 * After-sales and notifications journey against the real backend (demo data, fake WeChat login and fake WeChat Pay):
 * WeChat login (code openid:journey-aftersale) → an address → a demo package bought and paid (checkout → order →
 * prepay → simulated payment, through the order and payment services) → the order detail offers 申请售后 (its
 * allowed_actions) → 申请售后 for 10.00 yuan with a picture (a non-picture refused with 422 and removed, then a real
 * 1×1 PNG uploaded through POST /me/uploads?purpose=aftersale and fetched back as image/png) → the order detail drops
 * 申请售后 while the case is open → the case shows 待商家处理 and the picture → 我的 counts it (GET /orders/counts:
 * 待发货 and 售后) → 撤销申请 → 已关闭 (also in 我的售后) → 消息通知 lists the order and after-sales messages, a tap
 * opens the case, 全部已读 clears the dots and 我的 shows no unread badge any more.
 * (Reviews need a completed order, i.e. shipping, which the API does not have yet: see tests/pages/review-message.test.js.)
 */
const { createHttpWx, api } = require('../helpers/http-wx');
const { installPageShim, mountPage } = require('../helpers/page-shim');
const { waitFor, failedCalls, PNG_1X1, tempFiles, samePicture, saveDefaultAddress } = require('../helpers/journey');

jest.setTimeout(90000);

const BASE = process.env.JOURNEY_API_BASE;
const describeJourney = BASE ? describe : describe.skip;
const OPENID = 'journey-aftersale';

const { tempFile, cleanup } = tempFiles('crab-journey-picture-');
afterAll(cleanup);

function lastUrl(mockFn) {
  const calls = mockFn.mock.calls;
  return calls.length ? calls[calls.length - 1][0].url : '';
}

function queryOf(pageUrl) {
  const query = {};
  (pageUrl.split('?')[1] || '')
    .split('&')
    .filter(Boolean)
    .forEach((pair) => {
      const [k, v] = pair.split('=');
      query[k] = decodeURIComponent(v);
    });
  return query;
}

function text(comp, selector) {
  const node = comp.querySelector(selector);
  return node ? node.dom.textContent.trim() : null;
}

describeJourney('after-sales and notifications journey (real backend)', () => {
  let wx;

  beforeEach(() => {
    jest.resetModules();
    wx = createHttpWx({ envVersion: 'develop' });
    wx.__storage.set('dev.apiBaseUrl', BASE);
    wx.__storage.set('dev.fakeOpenid', OPENID); // the login page sends wx.login code `openid:journey-aftersale`
    installPageShim(wx);
  });

  test('buy and pay → 申请售后 10.00 → 待商家处理 → 撤销 → 已关闭 → 消息通知 → 全部已读', async () => {
    // 1. WeChat login with the fake openid
    const login = await mountPage('pages/auth/login/index');
    login.instance.toggleAgree();
    await login.instance.onWechatLogin();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__httpLog.find((e) => e.url.endsWith('/auth/wechat-login')).body).toEqual({ code: `openid:${OPENID}` });
    const token = wx.__storage.get('session.accessToken');
    expect(token).toBeTruthy();

    // 2. an address (skipped when a reused backend already has one for this buyer)
    const addresses = await api(BASE, 'GET', '/me/addresses', token);
    if (!addresses.data.items.length) {
      await saveDefaultAddress(mountPage, { receiver_name: '蟹友乙', receiver_phone: '13912345679', detail: '阳澄湖镇湖滨路9号' });
      expect(failedCalls(wx)).toEqual([]);
    }

    // 3. buy one demo package and pay it (checkout → order → prepay → the fake's signed notification)
    const orderService = require('../../services/order');
    const paymentService = require('../../services/payment');
    const packages = await api(BASE, 'GET', '/storefront/items?kind=package&sort=price', token);
    const target = packages.data.items[0];
    const checkout = await orderService.checkout({ item_id: target.id, quantity: 1 });
    // a buy-now submit names the item again: the token is bound to the lines, which the server derives from the body
    const order = await orderService.submitOrder({ submit_token: checkout.submit_token, expected_pay_amount: checkout.pay_amount, item_id: target.id, quantity: 1 });
    await paymentService.createPayment(order.id);
    await paymentService.simulatePayment(order.id);
    await waitFor(async () => (await api(BASE, 'GET', `/orders/${order.id}`, token)).data.status === 'pending_shipment', 'the payment');
    expect(failedCalls(wx)).toEqual([]);
    expect(order.pay_amount).toBeGreaterThan(1000);

    // the paid order offers 申请售后 because its allowed_actions has `aftersale` (no 评价: not completed)
    const paidOrder = await mountPage('pages/order/detail/index', { id: String(order.id) });
    await waitFor(() => paidOrder.instance.data.status !== 'loading', 'the paid order');
    expect(paidOrder.instance.data.order.links.map((l) => l.key)).toEqual(['aftersale']);
    expect(paidOrder.querySelector('#action-aftersale')).toBeTruthy();
    paidOrder.instance.onUnload();

    // 4. 申请售后: the refundable amount is the whole payment; refund 10.00 yuan for 死蟹
    const apply = await mountPage('pages/aftersale/apply/index', { order_id: String(order.id) });
    await waitFor(() => apply.instance.data.status !== 'loading', 'the apply page');
    expect(apply.instance.data.status).toBe('ready');
    expect(apply.instance.data.refundable).toBe(order.pay_amount);
    expect(text(apply, '#refundable-amount')).toBe(`¥${(order.pay_amount / 100).toFixed(2)}`);
    expect(apply.instance.data.lines.map((l) => l.name)).toEqual([target.name]);
    const reasons = apply.instance.data.reasons;
    expect(reasons).toContain('死蟹');
    apply.instance.onReasonChange({ detail: { value: String(reasons.indexOf('死蟹')) } });
    apply.instance.onAmountInput({ detail: { value: '10.00' } });
    apply.instance.onDescriptionInput({ detail: { value: '到货有两只死蟹' } });

    // pictures: a file that is no picture is refused (422 errors.file) and blocks the submit until removed; a real
    // PNG is uploaded (multipart field `file`, ?purpose=aftersale) and served back as image/png
    const pictures = apply.querySelector('#aftersale-pictures');
    wx.__chosenFiles = [{ tempFilePath: tempFile('not-a-picture.png', 'hello, not a PNG'), size: 16 }];
    await pictures.instance.onAdd();
    await waitFor(() => apply.instance.data.picturesUploading === 0 && apply.instance.data.picturesFailed === 1, 'the refused picture');
    const refused = wx.__httpLog.find((e) => e.method === 'POST' && e.url.includes('/me/uploads'));
    expect(refused.url).toContain('purpose=aftersale');
    expect(refused.status).toBe(422);
    expect(pictures.instance.data.pictures[0].error).toBe(refused.answer.errors.file[0]);
    await apply.instance.onSubmit(); // blocked on the phone
    expect(wx.__httpLog.filter((e) => e.method === 'POST' && e.url.endsWith(`/orders/${order.id}/aftersales`))).toHaveLength(0);
    pictures.instance.onRemove({ currentTarget: { dataset: { index: 0 } } });
    wx.__httpLog.length = 0;

    wx.__chosenFiles = [{ tempFilePath: tempFile('dead-crab.png', PNG_1X1), size: PNG_1X1.length }];
    await pictures.instance.onAdd();
    await waitFor(() => apply.instance.data.images.length === 1, 'the uploaded picture');
    expect(failedCalls(wx)).toEqual([]);
    const me = await api(BASE, 'GET', '/me', token);
    const pictureUrl = apply.instance.data.images[0];
    expect(pictureUrl).toMatch(new RegExp(`^/files/uploads/aftersale/${me.data.id}/[^/]+\\.png$`));
    const origin = BASE.replace(/\/api\/v1\/?$/, '');
    expect(pictures.instance.data.pictures[0].src).toBe(origin + pictureUrl);
    const served = await globalThis.nodeFetch.fetch(pictures.instance.data.pictures[0].src);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toMatch(/^image\/png/);
    expect(samePicture(Buffer.from(await served.arrayBuffer()))).toBe(true);

    await apply.instance.onSubmit();
    expect(failedCalls(wx)).toEqual([]);
    const post = wx.__httpLog.find((e) => e.method === 'POST' && e.url.endsWith(`/orders/${order.id}/aftersales`));
    expect(post.body).toMatchObject({ kind: 'refund_only', reason: '死蟹', amount: 1000, description: '到货有两只死蟹', images: [pictureUrl] });
    const detailUrl = lastUrl(wx.redirectTo);
    expect(detailUrl).toMatch(/^\/pages\/aftersale\/detail\/index\?id=\d+$/);
    const caseId = Number(queryOf(detailUrl).id);

    // a second application while this one is open is refused on the form
    const again = await mountPage('pages/aftersale/apply/index', { order_id: String(order.id) });
    await waitFor(() => again.instance.data.status !== 'loading', 'the second apply page');
    again.instance.onReasonChange({ detail: { value: '0' } });
    await again.instance.onSubmit();
    expect(again.instance.data.formErrorCode).toBe('AFTERSALE_ALREADY_OPEN');
    expect(text(again, '#form-error')).toContain('已有处理中的售后申请');
    wx.__httpLog.length = 0;

    // with the case open the server drops `aftersale`, so the order detail no longer shows 申请售后
    const openOrder = await mountPage('pages/order/detail/index', { id: String(order.id) });
    await waitFor(() => openOrder.instance.data.status !== 'loading', 'the order with an open case');
    expect(openOrder.instance.data.order.links).toEqual([]);
    expect(openOrder.querySelector('#action-aftersale')).toBeFalsy();
    openOrder.instance.onUnload();
    wx.__httpLog.length = 0;

    // 5. the case: 待商家处理, ¥10.00, the timeline starts with the application; withdraw → 已关闭
    const detail = await mountPage('pages/aftersale/detail/index', queryOf(detailUrl));
    await waitFor(() => detail.instance.data.status !== 'loading', 'the case');
    expect(text(detail, '#case-status')).toBe('待商家处理');
    expect(text(detail, '#case-amount')).toBe('¥10.00');
    expect(detail.instance.data.caseInfo.timeline.map((e) => e.title)).toEqual(['提交申请']);
    expect(detail.instance.data.caseInfo.images).toEqual([origin + pictureUrl]);
    expect(detail.querySelector('#reply-box')).toBeFalsy();

    // 我的: one GET /orders/counts gives the badges — the paid order waits in 待发货, the case is open under 我的售后
    const counts = (await api(BASE, 'GET', '/orders/counts', token)).data;
    expect(counts.pending_shipment).toBeGreaterThanOrEqual(1);
    expect(counts.aftersale_open).toBe(1);
    const centerBefore = await mountPage('pages/user/center/index');
    await waitFor(() => centerBefore.instance.data.openAftersales === 1, 'the after-sales badge on 我的');
    expect(centerBefore.instance.data.orderShortcuts.find((s) => s.key === 'pending_shipment').count).toBe(counts.pending_shipment);
    expect(text(centerBefore, '#orders-pending_shipment .badge')).toBe(String(counts.pending_shipment));
    expect(text(centerBefore, '#menu-aftersales .menu-badge')).toBe('1');
    expect(wx.__httpLog.filter((e) => /\/orders\?/.test(e.url))).toEqual([]); // no one-row pages per tab
    wx.__httpLog.length = 0;
    wx.__modalConfirm = true;
    await detail.instance.onWithdraw();
    expect(failedCalls(wx)).toEqual([]);
    expect(text(detail, '#case-status')).toBe('已关闭');
    expect(detail.instance.data.caseInfo.timeline.map((e) => e.title)).toEqual(['撤销申请', '提交申请']);
    expect(detail.querySelector('#withdraw-button')).toBeFalsy();

    // 我的售后 lists it as 已关闭
    const list = await mountPage('pages/aftersale/list/index');
    await waitFor(() => list.instance.data.listStatus !== 'loading', 'my cases');
    const row = list.instance.data.items.find((c) => c.id === caseId);
    expect(row).toMatchObject({ statusText: '已关闭', amountText: '¥10.00', order_id: order.id });

    // 6. 消息通知: the order's messages (submitted, paid) and the after-sales one, unread
    const messages = await mountPage('pages/message/list/index');
    await waitFor(() => messages.instance.data.listStatus !== 'loading' && messages.instance.data.unread > 0, 'the messages');
    expect(failedCalls(wx)).toEqual([]);
    const mine = messages.instance.data.items.filter((n) => n.order_id === order.id);
    expect(mine.filter((n) => n.kind === 'order').map((n) => n.title)).toEqual(expect.arrayContaining(['订单待发货', '订单待付款']));
    const caseMessage = mine.find((n) => n.kind === 'aftersale');
    expect(caseMessage).toMatchObject({ case_id: caseId, title: '售后已关闭', is_read: false });
    expect(messages.querySelectorAll('#message-list .dot').length).toBeGreaterThan(0);
    const unreadBefore = messages.instance.data.unread;

    // a tap marks it read and opens the case
    await messages.instance.onMessageTap({ currentTarget: { dataset: { id: caseMessage.id } } });
    expect(lastUrl(wx.navigateTo)).toBe(`/pages/aftersale/detail/index?id=${caseId}`);
    expect(messages.instance.data.unread).toBe(unreadBefore - 1);
    const orderMessage = mine.find((n) => n.kind === 'order');
    expect(notificationTarget(orderMessage)).toBe(`/pages/order/detail/index?id=${order.id}`);

    // 我的 shows the unread count on 消息通知
    const center = await mountPage('pages/user/center/index');
    await waitFor(() => center.instance.data.unreadMessages > 0, 'the unread badge on 我的');
    expect(text(center, '#menu-messages .menu-badge')).toBe(unreadBefore - 1 > 99 ? '99+' : String(unreadBefore - 1));

    // 全部已读 → no dots, no unread count, and no badge on 我的
    await messages.instance.onReadAll();
    expect(failedCalls(wx)).toEqual([]);
    expect(messages.instance.data.unread).toBe(0);
    expect(messages.querySelectorAll('#message-list .dot')).toHaveLength(0);
    const unread = await api(BASE, 'GET', '/me/notifications/unread-count', token);
    expect(unread.data.unread).toBe(0);
    center.instance.onShow();
    await waitFor(() => center.instance.data.unreadMessages === 0, 'the badge to clear');
    expect(center.querySelector('#menu-messages .menu-badge')).toBeFalsy();
    expect(center.instance.data.openAftersales).toBe(0); // the case was withdrawn
    expect(center.querySelector('#menu-aftersales .menu-badge')).toBeFalsy();
  });
});

function notificationTarget(n) {
  // eslint-disable-next-line global-require
  return require('../../services/notification').targetUrl(n);
}
