/** 评价 and 消息通知 pages through the Page → Component shim; the review-list component with miniprogram-simulate. */
const path = require('path');
const simulate = require('miniprogram-simulate');
const { createWx, errorBody, flush, holdUploads, seedSession } = require('../helpers/wx-mock');
const { ROOT, installPageShim, mountPage, text } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  seedSession(wx);
  installPageShim(wx);
});

const LINES = [
  { id: 31, item_id: 3, name: '3对装礼盒', cover_url: '/files/items/3.png', quantity: 1, unit_price: 29900, line_total: 29900 },
  { id: 32, item_id: 4, name: '4对装礼盒', cover_url: '', quantity: 2, unit_price: 39900, line_total: 79800 },
];

describe('评价', () => {
  function reviewRoutes() {
    wx.__api.on('GET /orders/8/unreviewed-lines', { data: { items: LINES } });
    wx.__api.on('POST /orders/8/reviews', (call) => ({ statusCode: 201, data: Object.assign({ id: call.data.order_line_id + 100 }, call.data) }));
  }

  test('loading, then each unreviewed line with 5 stars preset', async () => {
    reviewRoutes();
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/review/create/index', { order_id: '8' });
    expect(loading.instance.data.status).toBe('loading');

    const page = await mountPage('pages/review/create/index', { order_id: '8' });
    expect(page.instance.data.status).toBe('ready');
    expect(page.querySelectorAll('.line')).toHaveLength(2);
    expect(text(page, '#review-line-31')).toContain('3对装礼盒');
    expect(text(page, '#review-line-31')).toContain('非常满意');
    expect(page.querySelectorAll('#review-line-31 .star-on')).toHaveLength(5);
  });

  test('stars and text, each line submitted on its own, then the done state', async () => {
    reviewRoutes();
    const page = await mountPage('pages/review/create/index', { order_id: '8' });
    page.instance.onStarTap({ currentTarget: { dataset: { index: 1, rating: 3 } } });
    expect(page.querySelectorAll('#review-line-32 .star-on')).toHaveLength(3);
    expect(text(page, '#review-line-32')).toContain('一般');
    page.instance.onContentInput({ currentTarget: { dataset: { index: 1 } }, detail: { value: '蟹黄饱满，包装完好' } });
    expect(text(page, '#review-line-32')).toContain('9/500');

    const pending = page.instance.onSubmitLine({ currentTarget: { dataset: { index: 1 } } });
    expect(page.instance.data.lines[1].submitting).toBe(true);
    page.instance.onSubmitLine({ currentTarget: { dataset: { index: 1 } } }); // double tap
    await pending;
    await flush();
    const posts = wx.__api.callsTo('POST', '/orders/8/reviews');
    expect(posts).toHaveLength(1);
    expect(posts[0].data).toEqual({ order_line_id: 32, rating: 3, content: '蟹黄饱满，包装完好', images: [] });
    expect(posts[0].header['Idempotency-Key']).toBeTruthy();
    expect(text(page, '#review-line-32')).toContain('已评价');
    expect(page.instance.data.status).toBe('ready');

    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 0 } } });
    expect(wx.__api.callsTo('POST', '/orders/8/reviews')[1].data).toMatchObject({ order_line_id: 31, rating: 5, content: '' });
    expect(page.instance.data.status).toBe('done');
    expect(text(page, '#review-done')).toContain('评价完成，感谢您的评价');
    page.instance.goOrder();
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/order/detail/index?id=8' });
  });

  test('pictures per line (purpose=review): the line waits for its uploads, a failure blocks it until retried, then images go along', async () => {
    reviewRoutes();
    const held = holdUploads(wx);
    const page = await mountPage('pages/review/create/index', { order_id: '8' });
    const second = page.querySelector('#review-pictures-32');
    wx.__chosenFiles = [{ tempFilePath: 'http://tmp/crab.jpg', size: 10 }, { tempFilePath: 'http://tmp/roe.jpg', size: 10 }];
    await second.instance.onAdd();
    await flush();
    expect(held.uploads.map((u) => u.query.purpose)).toEqual(['review', 'review']);
    expect(page.instance.data.lines[1].picturesUploading).toBe(2);
    expect(page.instance.data.lines[0].picturesUploading).toBe(0);
    expect(text(page, '#review-line-32 .submit')).toBe('图片上传中…');
    expect(text(page, '#review-line-31 .submit')).toBe('提交评价');
    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 1 } } });
    expect(wx.__api.callsTo('POST', '/orders/8/reviews')).toHaveLength(0);
    expect(text(page, '#review-line-32 .line-error')).toBe('图片上传中，请稍候');

    held.answer(0, 201, { url: '/files/uploads/review/1/crab.jpg' });
    held.answer(1, 429, errorBody(429, 'RATE_LIMITED', '上传太频繁，请 60 秒后再试'));
    await flush();
    expect(page.instance.data.lines[1]).toMatchObject({ picturesUploading: 0, picturesFailed: 1, images: ['/files/uploads/review/1/crab.jpg'] });
    expect(second.dom.textContent).toContain('第2张：上传太频繁，请 60 秒后再试');
    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 1 } } });
    expect(wx.__api.callsTo('POST', '/orders/8/reviews')).toHaveLength(0);
    expect(text(page, '#review-line-32 .line-error')).toBe('有图片上传失败，请重试或删除');

    second.instance.onRetry({ currentTarget: { dataset: { index: 1 } } });
    await flush();
    held.answer(2, 201, { url: '/files/uploads/review/1/roe.jpg' });
    await flush();
    expect(second.instance.data.pictures.map((p) => p.src)).toEqual(['http://api.test/files/uploads/review/1/crab.jpg', 'http://api.test/files/uploads/review/1/roe.jpg']);
    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 1 } } });
    const posts = wx.__api.callsTo('POST', '/orders/8/reviews');
    expect(posts).toHaveLength(1);
    expect(posts[0].data).toEqual({ order_line_id: 32, rating: 5, content: '', images: ['/files/uploads/review/1/crab.jpg', '/files/uploads/review/1/roe.jpg'] });
    expect(page.querySelector('#review-pictures-32')).toBeFalsy(); // the reviewed line has no form any more
  });

  test('nothing left to review: the done state at once; an error loading: retry', async () => {
    wx.__api.on('GET /orders/8/unreviewed-lines', { data: { items: [] } });
    const none = await mountPage('pages/review/create/index', { order_id: '8' });
    expect(none.instance.data.status).toBe('done');
    expect(none.dom.textContent).toContain('该订单的商品都已评价');

    wx.__api.on('GET /orders/8/unreviewed-lines', { statusCode: 404, data: errorBody(404, 'ORDER_NOT_FOUND', '订单不存在') });
    const failed = await mountPage('pages/review/create/index', { order_id: '8' });
    expect(failed.instance.data.status).toBe('error');
    expect(failed.dom.textContent).toContain('订单不存在');
    reviewRoutes();
    failed.instance.onRetry();
    await flush();
    expect(failed.instance.data.status).toBe('ready');
  });

  test('409 ORDER_NOT_COMPLETED blocks the page with the message', async () => {
    reviewRoutes();
    wx.__api.on('POST /orders/8/reviews', { statusCode: 409, data: errorBody(409, 'ORDER_NOT_COMPLETED', '确认收货后才能评价') });
    const page = await mountPage('pages/review/create/index', { order_id: '8' });
    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 0 } } });
    expect(page.instance.data.status).toBe('blocked');
    expect(text(page, '#review-blocked')).toContain('确认收货后才能评价');
  });

  test('409 ALREADY_REVIEWED marks the line done (message shown); the other line stays', async () => {
    reviewRoutes();
    wx.__api.on('POST /orders/8/reviews', { statusCode: 409, data: errorBody(409, 'ALREADY_REVIEWED', '这件商品已经评价过了') });
    const page = await mountPage('pages/review/create/index', { order_id: '8' });
    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 0 } } });
    expect(page.instance.data.lines[0].done).toBe(true);
    expect(page.instance.data.lines[1].done).toBe(false);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '这件商品已经评价过了' }));
    expect(wx.showToast).toHaveBeenCalledTimes(1);
  });

  test('422 / 404 line errors are shown under the line; the key is kept after a network failure', async () => {
    reviewRoutes();
    wx.__api.on('POST /orders/8/reviews', { statusCode: 422, data: errorBody(422, 'VALIDATION_FAILED', '填写的内容有误', { errors: { content: ['最多 500 个字'] } }) });
    const page = await mountPage('pages/review/create/index', { order_id: '8' });
    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 0 } } });
    expect(text(page, '#review-line-31 .line-error')).toBe('最多 500 个字');

    wx.__api.on('POST /orders/8/reviews', { statusCode: 404, data: errorBody(404, 'ORDER_LINE_NOT_FOUND', '订单中没有这件商品') });
    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 0 } } });
    expect(text(page, '#review-line-31 .line-error')).toBe('订单中没有这件商品');

    wx.__api.on('POST /orders/8/reviews', { networkError: 'fail' });
    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 1 } } });
    const firstKey = wx.__api.callsTo('POST', '/orders/8/reviews')[2].header['Idempotency-Key'];
    await page.instance.onSubmitLine({ currentTarget: { dataset: { index: 1 } } });
    expect(wx.__api.callsTo('POST', '/orders/8/reviews')[3].header['Idempotency-Key']).toBe(firstKey);
    expect(page.instance.data.lines[1].done).toBe(false);
  });
});

function note(id, extra) {
  return Object.assign({ id, kind: 'order', title: '订单待发货', content: 'O1：付款成功，我们将尽快为您发货', order_id: 5, case_id: null, is_read: false, created_at: '2026-11-23T04:00:00Z' }, extra);
}

describe('消息通知', () => {
  const ROWS = [
    note(3, { kind: 'aftersale', title: '售后已关闭', content: 'S1：买家撤销申请', case_id: 9 }),
    note(2),
    note(1, { title: '订单待付款', is_read: true }),
  ];

  function routes(rows, unread) {
    wx.__api.on('GET /me/notifications', { data: { items: rows, total: rows.length, page: 1, page_size: 20 } });
    wx.__api.on('GET /me/notifications/unread-count', { data: { unread } });
    wx.__api.on('POST /me/notifications/read', (call) => ({ data: { unread: call.data.ids ? unread - call.data.ids.length : 0 } }));
  }

  test('loading, then messages with unread dots and the unread count', async () => {
    routes(ROWS, 2);
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/message/list/index');
    expect(loading.instance.data.listStatus).toBe('loading');

    const page = await mountPage('pages/message/list/index');
    expect(page.querySelectorAll('#message-list .message')).toHaveLength(3);
    expect(page.querySelectorAll('#message-list .dot')).toHaveLength(2);
    expect(page.querySelector('#message-1 .dot')).toBeFalsy();
    expect(text(page, '#message-3')).toContain('售后已关闭');
    expect(text(page, '#message-3')).toContain('售后');
    expect(text(page, '#unread-count')).toBe('2 条未读');
  });

  test('a tap marks the message read and opens its case, or its order', async () => {
    routes(ROWS, 2);
    const page = await mountPage('pages/message/list/index');
    await page.instance.onMessageTap({ currentTarget: { dataset: { id: 3 } } });
    expect(wx.__api.callsTo('POST', '/me/notifications/read')[0].data).toEqual({ ids: [3] });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/aftersale/detail/index?id=9' });
    expect(page.querySelector('#message-3 .dot')).toBeFalsy();
    expect(page.instance.data.unread).toBe(1);

    await page.instance.onMessageTap({ currentTarget: { dataset: { id: 1 } } }); // already read: no POST
    expect(wx.__api.callsTo('POST', '/me/notifications/read')).toHaveLength(1);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/order/detail/index?id=5' });

    wx.__api.on('POST /me/notifications/read', { statusCode: 500, data: errorBody(500, 'INTERNAL', '坏了') });
    await page.instance.onMessageTap({ currentTarget: { dataset: { id: 2 } } }); // a failed mark still opens it
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/order/detail/index?id=5' });
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('全部已读 clears every dot and the count', async () => {
    routes(ROWS, 2);
    const page = await mountPage('pages/message/list/index');
    await page.instance.onReadAll();
    expect(wx.__api.callsTo('POST', '/me/notifications/read')[0].data).toEqual({});
    expect(page.querySelectorAll('#message-list .dot')).toHaveLength(0);
    expect(text(page, '#unread-count')).toBe('没有未读消息');
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已全部标为已读' }));

    wx.__api.on('POST /me/notifications/read', { statusCode: 500, data: errorBody(500, 'INTERNAL', '操作失败了') });
    page.setData({ unread: 1 });
    await page.instance.onReadAll();
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '操作失败了' }));
    expect(page.instance.data.markingAll).toBe(false);
  });

  test('empty and error states; shown again → a quiet refresh', async () => {
    routes([], 0);
    const empty = await mountPage('pages/message/list/index');
    expect(empty.instance.data.listStatus).toBe('empty');
    expect(empty.dom.textContent).toContain('暂无消息');
    expect(empty.querySelector('#read-all')).toBeFalsy();

    wx.__api.on('GET /me/notifications', { statusCode: 500, data: errorBody(500, 'INTERNAL', '消息加载失败') });
    const failed = await mountPage('pages/message/list/index');
    expect(failed.instance.data.listStatus).toBe('error');
    expect(failed.dom.textContent).toContain('消息加载失败');

    routes(ROWS, 2);
    const page = await mountPage('pages/message/list/index');
    const before = wx.__api.callsTo('GET', '/me/notifications').length;
    page.instance.onShow();
    await flush();
    expect(wx.__api.callsTo('GET', '/me/notifications')).toHaveLength(before + 1);
    expect(page.instance.data.listStatus).toBe('');
  });
});

describe('review-list component', () => {
  function review(id, extra) {
    return Object.assign(
      { id, item_id: 3, order_line_id: id, rating: 4, content: `评价${id}`, images: [], reply: '', replied_at: null, created_at: '2026-11-20T02:00:00Z', user_name: '蟹***', user_avatar_url: '' },
      extra,
    );
  }

  function render(props) {
    global.wx = wx;
    const id = simulate.load(path.join(ROOT, 'components/review-list/index'), 'review-list', { compiler: 'simulate', rootPath: ROOT });
    const comp = simulate.render(id, props);
    comp.attach(document.createElement('parent-wrapper'));
    return comp;
  }

  test('lists reviews with masked names, stars, pictures and the reply; 查看更多评价 loads the next page', async () => {
    const all = Array.from({ length: 7 }, (_, i) => review(20 - i));
    all[0] = review(20, { rating: 5, reply: '感谢支持', images: ['/files/reviews/1.png'] });
    wx.__api.on('GET /storefront/items/3/reviews', (call) => {
      const page = Number(call.query.page);
      const size = Number(call.query.page_size);
      return { data: { items: all.slice((page - 1) * size, page * size), total: 7, page, page_size: size } };
    });
    const comp = render({ itemId: 3 });
    expect(comp.instance.data.status).toBe('loading');
    await flush();
    expect(wx.__api.calls).toHaveLength(1);
    expect(wx.__api.calls[0].header.Authorization).toBeUndefined();
    expect(comp.querySelectorAll('.review')).toHaveLength(5);
    expect(comp.dom.textContent).toContain('蟹***');
    expect(comp.dom.textContent).toContain('（7）');
    expect(comp.dom.textContent).toContain('商家回复：感谢支持');
    expect(comp.dom.textContent).toContain('2026-11-20');
    expect(comp.querySelectorAll('.review-star-on')).toHaveLength(5 + 4 * 4); // the first has 5 stars, the others 4
    expect(comp.instance.data.reviews[0].images).toEqual(['http://api.test/files/reviews/1.png']);
    expect(comp.dom.textContent).toContain('查看更多评价');

    comp.instance.onPreview({ currentTarget: { dataset: { index: 0, src: 'http://api.test/files/reviews/1.png' } } });
    expect(wx.previewImage).toHaveBeenCalledWith({ urls: ['http://api.test/files/reviews/1.png'], current: 'http://api.test/files/reviews/1.png' });

    await comp.instance.onLoadMore();
    expect(comp.querySelectorAll('.review')).toHaveLength(7);
    expect(comp.dom.textContent).toContain('没有更多评价了');
    await comp.instance.onLoadMore(); // nothing more to ask for
    expect(wx.__api.calls).toHaveLength(2);
  });

  test('empty, error with retry, and a new item starts over', async () => {
    wx.__api.on('GET /storefront/items/3/reviews', { data: { items: [], total: 0, page: 1, page_size: 5 } });
    const comp = render({ itemId: 3 });
    await flush();
    expect(comp.instance.data.status).toBe('empty');
    expect(comp.dom.textContent).toContain('暂无评价');

    wx.__api.on('GET /storefront/items/4/reviews', { statusCode: 500, data: errorBody(500, 'INTERNAL', '评价服务不可用') });
    comp.setData({ itemId: 4 });
    await flush();
    expect(comp.instance.data.status).toBe('error');
    expect(comp.dom.textContent).toContain('评价服务不可用');
    expect(wx.showToast).not.toHaveBeenCalled();

    wx.__api.on('GET /storefront/items/4/reviews', { data: { items: [review(1)], total: 1, page: 1, page_size: 5 } });
    comp.instance.onRetry();
    await flush();
    expect(comp.instance.data.status).toBe('');
    expect(comp.querySelectorAll('.review')).toHaveLength(1);
    expect(comp.dom.textContent).toContain('没有更多评价了');
  });

  test('no item id: nothing is asked', async () => {
    render({});
    await flush();
    expect(wx.request).not.toHaveBeenCalled();
  });
});

describe('我的: 消息通知 and 我的售后 entries', () => {
  const USER = { id: 1, nickname: '蟹友', phone: '13800000001', member_no: 'M0001', avatar_url: '' };

  function meRoutes(unread) {
    wx.__api.on('GET /me', { data: USER });
    wx.__api.on('GET /me/workspaces', { data: { current: 'member', items: [{ workspace: 'member', label: '会员' }] } });
    wx.__api.on('GET /orders/counts', { data: { pending_payment: 0, pending_shipment: 0, shipped: 0, completed: 0, aftersale_open: 0 } });
    wx.__api.on('GET /me/notifications/unread-count', typeof unread === 'number' ? { data: { unread } } : unread);
  }

  test('the unread count on 消息通知 (99+ above 99), gone when all are read; the entries open their pages', async () => {
    meRoutes(3);
    const page = await mountPage('pages/user/center/index');
    expect(text(page, '#menu-messages')).toContain('消息通知');
    expect(text(page, '#menu-messages .menu-badge')).toBe('3');
    expect(page.querySelector('#menu-aftersales')).toBeTruthy();
    page.instance.onMenuTap({ currentTarget: { dataset: { url: '/pages/message/list/index' } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/message/list/index' });
    page.instance.onMenuTap({ currentTarget: { dataset: { url: '/pages/aftersale/list/index' } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/aftersale/list/index' });

    meRoutes(120);
    page.instance.onShow();
    await flush();
    expect(text(page, '#menu-messages .menu-badge')).toBe('99+');

    meRoutes(0);
    page.instance.onShow();
    await flush();
    expect(page.querySelector('#menu-messages .menu-badge')).toBeFalsy();
  });

  test('a failing count leaves no badge and no toast; logged out there is no badge and no call', async () => {
    meRoutes({ statusCode: 500, data: errorBody(500, 'INTERNAL', '坏了') });
    const page = await mountPage('pages/user/center/index');
    expect(page.querySelector('#menu-messages .menu-badge')).toBeFalsy();
    expect(wx.showToast).not.toHaveBeenCalled();

    wx.__storage.delete('session.accessToken');
    wx.__storage.delete('session.refreshToken');
    const before = wx.__api.callsTo('GET', '/me/notifications/unread-count').length;
    page.instance.onShow();
    await flush();
    expect(wx.__api.callsTo('GET', '/me/notifications/unread-count')).toHaveLength(before);
    expect(page.instance.data.unreadMessages).toBe(0);
  });
});

