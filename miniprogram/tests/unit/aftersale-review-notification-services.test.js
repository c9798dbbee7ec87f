/** services/aftersale.js, review.js and notification.js against the mocked API. */
const { createWx, errorBody, seedSession } = require('../helpers/wx-mock');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  seedSession(wx);
  global.wx = wx;
  global.getCurrentPages = () => [{ route: 'pages/aftersale/apply/index' }];
});

describe('aftersale service', () => {
  test('parseYuan turns typed yuan into fen exactly and refuses anything else', () => {
    const { parseYuan } = require('../../services/aftersale');
    expect(parseYuan('10')).toBe(1000);
    expect(parseYuan('10.00')).toBe(1000);
    expect(parseYuan('10.5')).toBe(1050);
    expect(parseYuan('0.01')).toBe(1);
    expect(parseYuan(' 19.99 ')).toBe(1999);
    expect(parseYuan('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(parseYuan('1.13')).toBe(113);
    expect(parseYuan('4.35')).toBe(435);
    expect(parseYuan('598.')).toBe(59800);
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('1e3')).toBeNull();
    expect(parseYuan('.5')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan(null)).toBeNull();
  });

  test('checkApplication mirrors the server rules', () => {
    const { checkApplication } = require('../../services/aftersale');
    const reasons = ['不想要了', '死蟹'];
    expect(checkApplication({ kind: 'refund_only', reason: '死蟹', amountText: '10.00', description: '' }, 5000, reasons)).toEqual({});
    expect(checkApplication({ kind: 'x', reason: '', amountText: '', description: '' }, 5000, reasons)).toEqual({
      kind: '请选择售后类型',
      reason: '请选择退款原因',
      amount: '请填写退款金额',
    });
    expect(checkApplication({ kind: 'return_refund', reason: '别的', amountText: '1.001' }, 5000, reasons)).toEqual({
      reason: '请选择退款原因',
      amount: '请输入正确的金额（最多两位小数）',
    });
    expect(checkApplication({ kind: 'refund_only', reason: '死蟹', amountText: '0' }, 5000, reasons).amount).toBe('退款金额需大于 0');
    expect(checkApplication({ kind: 'refund_only', reason: '死蟹', amountText: '50.01' }, 5000, reasons).amount).toBe('退款金额不能超过可退金额 50.00 元');
    expect(checkApplication({ kind: 'refund_only', reason: '死蟹', amountText: '50', description: 'x'.repeat(501) }, 5000, reasons).description).toBe('问题描述最多500个字');
  });

  test('every call is authenticated and shaped as the API wants', async () => {
    const service = require('../../services/aftersale');
    wx.__api.on('GET /orders/:id/aftersales/refundable', { data: { refundable_amount: 4700, reasons: ['死蟹'] } });
    wx.__api.on('POST /orders/:id/aftersales', (call) => ({ statusCode: 201, data: Object.assign({ id: 9 }, call.data) }));
    wx.__api.on('GET /aftersales', { data: { items: [], total: 0, page: 1, page_size: 20 } });
    wx.__api.on('GET /aftersales/:id', { data: { id: 9 } });
    wx.__api.on('POST /aftersales/:id/reply', { data: { id: 9, status: 'awaiting_merchant' } });
    wx.__api.on('POST /aftersales/:id/withdraw', { data: { id: 9, status: 'closed' } });

    await expect(service.getRefundable(5)).resolves.toEqual({ refundable_amount: 4700, reasons: ['死蟹'] });
    await service.openCase('5', { kind: 'refund_only', reason: '死蟹', amount: 1000, description: '  两只死蟹 ', lines: [] });
    await service.openCase(5, { kind: 'return_refund', reason: '死蟹', amount: '300', lines: [{ line_id: '3', quantity: 2 }, { line_id: 4, quantity: 0 }], images: Array(12).fill('/files/a.png') });
    await service.listCases({ status: 'closed', page: 1, page_size: 20 });
    await service.listCases({ status: 'bogus', page: 2 });
    await service.getCase(9);
    await service.replyCase(9, ' 已寄回，单号 SF123 ');
    await service.withdrawCase(9);

    const calls = wx.__api.calls;
    calls.forEach((c) => expect(c.header.Authorization).toBe('Bearer access-1'));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /orders/5/aftersales/refundable',
      'POST /orders/5/aftersales',
      'POST /orders/5/aftersales',
      'GET /aftersales',
      'GET /aftersales',
      'GET /aftersales/9',
      'POST /aftersales/9/reply',
      'POST /aftersales/9/withdraw',
    ]);
    expect(calls[1].data).toEqual({ kind: 'refund_only', reason: '死蟹', amount: 1000, description: '两只死蟹', images: [] });
    expect(calls[2].data.lines).toEqual([{ line_id: 3, quantity: 2 }]);
    expect(calls[2].data.amount).toBe(300);
    expect(calls[2].data.images).toHaveLength(9);
    calls.filter((c) => c.method === 'POST').forEach((c) => expect(c.header['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/));
    expect(calls[3].query).toEqual({ status: 'closed', page: '1', page_size: '20' });
    expect(calls[4].query).toEqual({ page: '2' });
    expect(calls[6].data).toEqual({ note: '已寄回，单号 SF123' });
    expect(calls[7].data).toEqual({ note: '' });
  });

  test('errors come back in the server shape (409 codes, 422 with field errors)', async () => {
    const service = require('../../services/aftersale');
    wx.__api.on('POST /orders/:id/aftersales', {
      statusCode: 422,
      data: errorBody(422, 'AMOUNT_EXCEEDS_REFUNDABLE', '填写的内容有误', { errors: { amount: ['退款金额不能超过可退金额 47.00 元'] } }),
    });
    await expect(service.openCase(5, { kind: 'refund_only', reason: '死蟹', amount: 99999 }, { showError: false })).rejects.toMatchObject({
      statusCode: 422,
      error_code: 'AMOUNT_EXCEEDS_REFUNDABLE',
      errors: { amount: ['退款金额不能超过可退金额 47.00 元'] },
    });
    wx.__api.on('POST /orders/:id/aftersales', { statusCode: 409, data: errorBody(409, 'AFTERSALE_ALREADY_OPEN', '该订单已有处理中的售后申请') });
    await expect(service.openCase(5, { kind: 'refund_only', reason: '死蟹', amount: 1 })).rejects.toMatchObject({ error_code: 'AFTERSALE_ALREADY_OPEN' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该订单已有处理中的售后申请' }));
  });

  test('labels', () => {
    const service = require('../../services/aftersale');
    expect(service.kindLabel('return_refund')).toBe('退货退款');
    expect(service.statusName({ status: 'awaiting_buyer' })).toBe('待买家处理');
    expect(service.statusName({ status: 'closed', status_name: '已关闭' })).toBe('已关闭');
    expect(service.actionName('withdraw')).toBe('撤销申请');
    expect(service.actionName('something_new')).toBe('something_new');
    expect(service.actionName('ask_buyer', '要求买家处理')).toBe('要求买家处理'); // the server's name wins
    expect(service.actionName('ask_buyer', '')).toBe('商家要求补充');
    expect(service.actionName('ask_buyer', null)).toBe('商家要求补充');
    expect(service.actionName(undefined)).toBe('');
  });
});

describe('review service', () => {
  test('unreviewed lines and a review (authenticated), the public item reviews (no token)', async () => {
    const service = require('../../services/review');
    wx.__api.on('GET /orders/:id/unreviewed-lines', { data: { items: [{ id: 3, name: '礼盒' }] } });
    wx.__api.on('POST /orders/:id/reviews', (call) => ({ statusCode: 201, data: Object.assign({ id: 1 }, call.data) }));
    wx.__api.on('GET /storefront/items/:id/reviews', { data: { items: [], total: 0, page: 1, page_size: 5 } });

    await expect(service.listUnreviewedLines(8)).resolves.toEqual({ items: [{ id: 3, name: '礼盒' }] });
    await service.createReview(8, { order_line_id: '3', rating: '4', content: ' 很肥 ', images: Array(10).fill('/files/x.png') });
    await service.listItemReviews(12, { page: 2, page_size: 5 });

    const [unreviewed, post, pub] = wx.__api.calls;
    expect(unreviewed.path).toBe('/orders/8/unreviewed-lines');
    expect(unreviewed.header.Authorization).toBe('Bearer access-1');
    expect(post.path).toBe('/orders/8/reviews');
    expect(post.data).toEqual({ order_line_id: 3, rating: 4, content: '很肥', images: Array(9).fill('/files/x.png') });
    expect(post.header['Idempotency-Key']).toBeTruthy();
    expect(pub.path).toBe('/storefront/items/12/reviews');
    expect(pub.query).toEqual({ page: '2', page_size: '5' });
    expect(pub.header.Authorization).toBeUndefined();
  });

  test('checkReview and rating texts', () => {
    const service = require('../../services/review');
    expect(service.checkReview({ rating: 5, content: '' })).toEqual({});
    expect(service.checkReview({ rating: 0 })).toEqual({ rating: '请选择评分' });
    expect(service.checkReview({ rating: 6 })).toEqual({ rating: '请选择评分' });
    expect(service.checkReview({ rating: 3, content: 'x'.repeat(501) })).toEqual({ content: '评价内容最多500个字' });
    expect(service.ratingText(5)).toBe('非常满意');
    expect(service.ratingText(1)).toBe('非常差');
    expect(service.ratingText(9)).toBe('');
  });

  test('409 ALREADY_REVIEWED comes back in the server shape', async () => {
    const service = require('../../services/review');
    wx.__api.on('POST /orders/:id/reviews', { statusCode: 409, data: errorBody(409, 'ALREADY_REVIEWED', '这件商品已经评价过了') });
    await expect(service.createReview(8, { order_line_id: 3, rating: 5 }, { showError: false })).rejects.toMatchObject({ statusCode: 409, error_code: 'ALREADY_REVIEWED' });
    expect(wx.showToast).not.toHaveBeenCalled();
  });
});

describe('notification service', () => {
  test('list, unread count, mark some or all read', async () => {
    const service = require('../../services/notification');
    wx.__api.on('GET /me/notifications', { data: { items: [], total: 0, page: 1, page_size: 20 } });
    wx.__api.on('GET /me/notifications/unread-count', { data: { unread: 3 } });
    wx.__api.on('POST /me/notifications/read', (call) => ({ data: { unread: call.data.ids ? 2 : 0 } }));

    await service.listNotifications({ page: 1, page_size: 20 });
    await expect(service.unreadCount()).resolves.toBe(3);
    await expect(service.markRead([5, '6', 0])).resolves.toBe(2);
    await expect(service.markRead()).resolves.toBe(0);
    await expect(service.markRead([])).resolves.toBe(0);

    const posts = wx.__api.callsTo('POST', '/me/notifications/read');
    expect(posts.map((c) => c.data)).toEqual([{ ids: [5, 6] }, {}, {}]);
    wx.__api.calls.forEach((c) => expect(c.header.Authorization).toBe('Bearer access-1'));
    expect(wx.__api.calls[0].query).toEqual({ page: '1', page_size: '20' });
  });

  test('where a message leads: its case first, else its order', () => {
    const service = require('../../services/notification');
    expect(service.targetUrl({ order_id: 4, case_id: 9 })).toBe('/pages/aftersale/detail/index?id=9');
    expect(service.targetUrl({ order_id: 4, case_id: null })).toBe('/pages/order/detail/index?id=4');
    expect(service.targetUrl({})).toBe('');
    expect(service.targetUrl(null)).toBe('');
    expect(service.kindLabel('order')).toBe('订单');
    expect(service.kindLabel('aftersale')).toBe('售后');
    expect(service.kindLabel('x')).toBe('通知');
  });

  test('a missing count answers 0', async () => {
    const service = require('../../services/notification');
    wx.__api.on('GET /me/notifications/unread-count', { data: {} });
    await expect(service.unreadCount()).resolves.toBe(0);
  });
});
