/** 我的订单, 订单详情 and the order shortcuts of 我的, through the Page → Component shim against the mocked API. */
const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage, text } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  wx.requestPayment = jest.fn((o) => Promise.resolve().then(() => o.success({ errMsg: 'requestPayment:ok' })));
  installPageShim(wx);
  wx.__api.on('GET /dev/sms-inbox', { statusCode: 404, data: errorBody(404, 'NOT_FOUND', '请求的资源不存在') });
});

function order(id, extra) {
  return Object.assign(
    {
      id,
      order_no: `P2026112322005100000${id}`,
      order_type: 'package',
      status: 'pending_payment',
      status_name: '待付款',
      allowed_actions: ['cancel', 'pay'],
      created_at: '2026-11-23T14:00:51Z',
      paid_at: null,
      shipped_at: null,
      completed_at: null,
      closed_at: null,
      close_reason: '',
      auto_close_at: '2026-11-23T14:30:51Z',
      goods_amount: 79600,
      freight_amount: 4700,
      discount_amount: 0,
      pay_amount: 84300,
      receiver_name: '张三',
      receiver_phone: '13800001111',
      province: '江苏省',
      city: '苏州市',
      district: '相城区',
      address_detail: '阳澄湖大道1号',
      remark: '',
      lines: [{ id: id * 10, item_id: 10, item_kind: 'package', name: '公4.0两 母3.0两 3对装', cover_url: '/files/demo/package-3.png', unit_price: 39800, retail_price: 39800, quantity: 2, line_total: 79600 }],
    },
    extra,
  );
}

function page(items, total, p) {
  return { data: { items, total: total === undefined ? items.length : total, page: p || 1, page_size: 10 } };
}

describe('我的订单', () => {
  test('logged out: a way to the login page, no call', async () => {
    const list = await mountPage('pages/order/list/index');
    expect(list.dom.textContent).toContain('登录后查看订单');
    expect(wx.request).not.toHaveBeenCalled();
  });

  test('loading, then cards with status, lines, amount and the buttons of allowed_actions', async () => {
    seedSession(wx);
    wx.__api.on('GET /orders', page([
      order(1),
      order(2, { status: 'shipped', status_name: '待收货', allowed_actions: ['confirm_receipt', 'aftersale'], paid_at: '2026-11-23T14:01:00Z' }),
      order(3, { status: 'closed', status_name: '已关闭', allowed_actions: [] }),
    ]));
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/order/list/index');
    expect(loading.instance.data.listStatus).toBe('loading');

    const list = await mountPage('pages/order/list/index');
    expect(wx.__api.callsTo('GET', '/orders').pop().query).toMatchObject({ tab: 'all', page: '1', page_size: '10' });
    const items = list.instance.data.items;
    expect(items.map((o) => o.statusName)).toEqual(['待付款', '待收货', '已关闭']);
    expect(items.map((o) => o.actions.map((a) => a.title))).toEqual([['取消订单', '付款'], ['确认收货'], []]);
    expect(items.map((o) => o.links.map((l) => l.title))).toEqual([[], ['申请售后'], []]);
    expect(text(list, '#action-1-pay')).toBe('付款');
    expect(text(list, '#action-2-confirm_receipt')).toBe('确认收货');
    expect(list.querySelector('#action-3-cancel')).toBeFalsy();
    expect(list.dom.textContent).toContain('¥843.00');
    expect(list.dom.textContent).toContain('共 2 件');
    expect(list.dom.textContent).toContain('公4.0两 母3.0两 3对装');
    list.instance.onOrderTap({ currentTarget: { dataset: { id: 2 } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/order/detail/index?id=2' });
  });

  test('tabs: opened on a tab from 我的; switching asks the server for that tab; empty and error states', async () => {
    seedSession(wx);
    wx.__api.on('GET /orders', (call) => (call.query.tab === 'closed' ? { statusCode: 500, data: errorBody(500, 'INTERNAL_ERROR', '服务器开小差了') } : page([])));
    const list = await mountPage('pages/order/list/index', { tab: 'pending_shipment' });
    expect(list.instance.data.currentTab).toBe('pending_shipment');
    expect(wx.__api.calls.pop().query.tab).toBe('pending_shipment');
    expect(list.instance.data.listStatus).toBe('empty');
    expect(list.dom.textContent).toContain('暂无相关订单');
    expect(list.querySelectorAll('.tab')).toHaveLength(7);
    expect(list.dom.textContent).toContain('全部待付款待发货待收货待评价已完成已关闭');

    await list.instance.onTabTap({ currentTarget: { dataset: { key: 'closed' } } });
    expect(list.instance.data.listStatus).toBe('error');
    expect(list.dom.textContent).toContain('服务器开小差了');

    const unknown = await mountPage('pages/order/list/index', { tab: 'refunding' });
    expect(unknown.instance.data.currentTab).toBe('all');
  });

  test('待评价: opened on the tab (from 我的) or tapped, the server is asked for tab=pending_review', async () => {
    seedSession(wx);
    wx.__api.on('GET /orders', (call) =>
      call.query.tab === 'pending_review'
        ? page([order(8, { status: 'completed', status_name: '已完成', allowed_actions: ['aftersale', 'review'], paid_at: '2026-11-23T14:01:00Z' })])
        : page([]),
    );
    const list = await mountPage('pages/order/list/index', { tab: 'pending_review' });
    expect(list.instance.data.currentTab).toBe('pending_review');
    expect(wx.__api.callsTo('GET', '/orders').pop().query).toMatchObject({ tab: 'pending_review', page: '1' });
    expect(list.querySelector('#tab-pending_review').dom.className).toContain('tab-active');
    expect(text(list, '#action-8-review')).toBe('评价');

    const other = await mountPage('pages/order/list/index');
    expect(wx.__api.callsTo('GET', '/orders').pop().query.tab).toBe('all');
    await other.instance.onTabTap({ currentTarget: { dataset: { key: 'pending_review' } } });
    expect(wx.__api.callsTo('GET', '/orders').pop().query.tab).toBe('pending_review');
    expect(other.instance.data.items.map((o) => o.id)).toEqual([8]);
  });

  test('infinite scroll and pull-to-refresh', async () => {
    seedSession(wx);
    const all = Array.from({ length: 13 }, (_, i) => order(i + 1));
    wx.__api.on('GET /orders', (call) => {
      const p = Number(call.query.page);
      return page(all.slice((p - 1) * 10, p * 10), all.length, p);
    });
    const list = await mountPage('pages/order/list/index');
    expect(list.instance.data.items).toHaveLength(10);
    expect(list.instance.data.hasMore).toBe(true);
    list.instance.onReachBottom();
    await flush();
    expect(list.instance.data.items).toHaveLength(13);
    expect(list.instance.data.hasMore).toBe(false);
    expect(list.dom.textContent).toContain('没有更多了');
    list.instance.onPullDownRefresh();
    await flush();
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
    expect(wx.__api.callsTo('GET', '/orders').pop().query.page).toBe('1');
  });

  test('取消订单 with a reason, 确认收货 after a confirmation, 付款 → the detail; each refreshes the list', async () => {
    seedSession(wx);
    wx.__api.on('GET /orders', page([order(1), order(2, { status: 'shipped', allowed_actions: ['confirm_receipt', 'aftersale'] })]));
    wx.__api.on('POST /orders/:id/cancel', { data: order(1, { status: 'closed', allowed_actions: [] }) });
    wx.__api.on('POST /orders/:id/confirm-receipt', { data: order(2, { status: 'completed', allowed_actions: ['aftersale', 'review'] }) });
    wx.__api.on('POST /orders/:id/payments', { data: { pay_params: { appId: 'wx' } } });
    wx.__api.on('GET /orders/:id/payment', { data: { status: 'paid' } });
    const list = await mountPage('pages/order/list/index');

    wx.__actionSheetIndex = 0;
    await list.instance.onActionTap({ currentTarget: { dataset: { id: 1, action: 'cancel' } } });
    expect(wx.showActionSheet.mock.calls[0][0].itemList).toEqual(['不想买了', '地址或信息填错了', '想换其他商品', '其他原因']);
    expect(wx.__api.callsTo('POST', '/orders/1/cancel')[0].data).toEqual({ reason: '不想买了' });
    expect(wx.__api.callsTo('GET', '/orders')).toHaveLength(2);

    wx.__modalConfirm = true;
    await list.instance.onActionTap({ currentTarget: { dataset: { id: 2, action: 'confirm_receipt' } } });
    expect(wx.showModal.mock.calls[0][0].confirmText).toBe('确认收货');
    expect(wx.__api.callsTo('POST', '/orders/2/confirm-receipt')).toHaveLength(1);
    expect(wx.__api.callsTo('GET', '/orders')).toHaveLength(3);

    await list.instance.onActionTap({ currentTarget: { dataset: { id: 1, action: 'pay' } } });
    expect(wx.requestPayment).toHaveBeenCalledWith(expect.objectContaining({ appId: 'wx' }));
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/order/detail/index?id=1' });
  });
});

describe('订单详情', () => {
  test('loading, then status, address, lines, amounts, order number (copy), times and the timeline', async () => {
    seedSession(wx);
    wx.__api.on('GET /orders/7', {
      data: order(7, {
        status: 'pending_shipment',
        status_name: '待发货',
        allowed_actions: ['aftersale'],
        paid_at: '2026-11-23T14:01:00Z',
        remark: '请周五送达',
        events: [
          { action: 'create', actor_type: 'user', from_status: null, to_status: 'pending_payment', note: '提交订单', created_at: '2026-11-23T14:00:51Z' },
          { action: 'pay', actor_type: 'user', from_status: 'pending_payment', to_status: 'pending_shipment', note: '微信支付成功', created_at: '2026-11-23T14:01:00Z' },
        ],
      }),
    });
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/order/detail/index', { id: '7' });
    expect(loading.instance.data.status).toBe('loading');

    const detail = await mountPage('pages/order/detail/index', { id: '7' });
    expect(text(detail, '#status-name')).toBe('待发货');
    expect(detail.dom.textContent).toContain('商家正在备货');
    expect(text(detail, '#order-address')).toContain('江苏省 苏州市 相城区 阳澄湖大道1号');
    expect(text(detail, '#goods-amount')).toBe('¥796.00');
    expect(text(detail, '#freight-amount')).toBe('¥47.00');
    expect(text(detail, '#pay-amount')).toBe('¥843.00');
    expect(detail.dom.textContent).toContain('实付款');
    expect(text(detail, '#order-no')).toBe('P20261123220051000007');
    expect(detail.dom.textContent).toContain('下单时间2026-11-23 22:00:51');
    expect(detail.dom.textContent).toContain('付款时间2026-11-23 22:01:00');
    expect(detail.dom.textContent).toContain('请周五送达');
    expect(detail.instance.data.order.timeline.map((e) => e.title)).toEqual(['付款成功', '提交订单']); // newest first
    expect(text(detail, '#timeline')).toContain('微信支付成功');
    expect(detail.instance.data.order.actions).toEqual([]);
    expect(detail.instance.data.order.links.map((l) => l.key)).toEqual(['aftersale']);
    expect(detail.instance.data.countdown).toBe('');

    detail.instance.onCopyOrderNo();
    await flush();
    expect(wx.__clipboard).toBe('P20261123220051000007');
  });

  test('待付款: a countdown to auto_close_at, 付款 / 取消订单 buttons; at zero the order is read again', async () => {
    seedSession(wx);
    const closeAt = Date.now() + 125000;
    wx.__api.on('GET /orders/8', { data: order(8, { auto_close_at: new Date(closeAt).toISOString(), events: [] }) });
    const detail = await mountPage('pages/order/detail/index', { id: '8' });
    expect(detail.instance.data.countdown).toMatch(/^02:0[45]$/);
    expect(text(detail, '#countdown')).toContain('内完成付款');
    expect(text(detail, '#action-pay')).toBe('付款');
    expect(text(detail, '#action-cancel')).toBe('取消订单');
    expect(detail.dom.textContent).toContain('应付款');

    jest.useFakeTimers();
    try {
      detail.instance.tick(closeAt + 1);
      expect(detail.instance.data.countdown).toBe('');
      expect(text(detail, '#countdown')).toContain('付款时间已到');
      jest.advanceTimersByTime(2500);
    } finally {
      jest.useRealTimers();
    }
    await flush();
    expect(wx.__api.callsTo('GET', '/orders/8')).toHaveLength(2);
    detail.instance.onUnload();
    expect(detail.instance.timer).toBeNull();
  });

  test('an e-card order: 电子卡将发放到您的卡包 instead of an address; a closed order says why', async () => {
    seedSession(wx);
    wx.__api.on('GET /orders/9', { data: order(9, { order_type: 'ecard', receiver_name: '', province: '', city: '', district: '', address_detail: '', status: 'closed', status_name: '已关闭', close_reason: 'cancelled', allowed_actions: [], closed_at: '2026-11-23T14:10:00Z' }) });
    const detail = await mountPage('pages/order/detail/index', { id: '9' });
    expect(text(detail, '#ecard-notice')).toBe('电子卡将发放到您的卡包');
    expect(detail.querySelector('#order-address')).toBeFalsy();
    expect(detail.dom.textContent).toContain('订单已取消');
    expect(detail.dom.textContent).toContain('关闭时间');
  });

  test('not found and errors', async () => {
    seedSession(wx);
    wx.__api.on('GET /orders/404', { statusCode: 404, data: errorBody(404, 'ORDER_NOT_FOUND', '订单不存在') });
    const missing = await mountPage('pages/order/detail/index', { id: '404' });
    expect(missing.instance.data.status).toBe('notfound');
    expect(missing.dom.textContent).toContain('查看我的订单');
    const bad = await mountPage('pages/order/detail/index', { id: 'abc' });
    expect(bad.instance.data.status).toBe('notfound');

    wx.__api.on('GET /orders/5', { statusCode: 503, data: errorBody(503, 'UNAVAILABLE', '系统维护中') });
    const broken = await mountPage('pages/order/detail/index', { id: '5' });
    expect(broken.instance.data.status).toBe('error');
    expect(broken.dom.textContent).toContain('系统维护中');
  });

  test('actions on the detail reload it: cancel → 已关闭', async () => {
    seedSession(wx);
    let current = order(8, { events: [] });
    wx.__api.on('GET /orders/8', () => ({ data: current }));
    wx.__api.on('POST /orders/:id/cancel', () => {
      current = order(8, { status: 'closed', status_name: '已关闭', close_reason: 'cancelled', allowed_actions: [], auto_close_at: null, events: [] });
      return { data: current };
    });
    const detail = await mountPage('pages/order/detail/index', { id: '8' });
    wx.__actionSheetIndex = 3;
    await detail.instance.onActionTap({ currentTarget: { dataset: { action: 'cancel' } } });
    expect(wx.__api.callsTo('POST', '/orders/8/cancel')[0].data).toEqual({ reason: '其他原因' });
    expect(text(detail, '#status-name')).toBe('已关闭');
    expect(detail.instance.data.countdown).toBe('');
    detail.instance.onUnload();
  });
});

describe('申请售后 / 评价 entries', () => {
  const PAID = { paid_at: '2026-11-23T14:01:00Z', auto_close_at: null, events: [] };
  // [status, allowed_actions as the server answers them, entry buttons, every button drawn]
  const CASES = [
    ['pending_payment', ['cancel', 'pay'], [], ['取消订单', '付款']],
    ['pending_shipment', ['aftersale'], ['aftersale'], ['申请售后']],
    ['partially_shipped', ['aftersale'], ['aftersale'], ['申请售后']],
    ['shipped', ['confirm_receipt', 'aftersale'], ['aftersale'], ['申请售后', '确认收货']],
    ['completed', ['aftersale', 'review'], ['aftersale', 'review'], ['申请售后', '评价']],
    ['closed', [], [], []],
    // the status alone would say otherwise: a case open or the window passed, every line reviewed
    ['shipped', ['confirm_receipt'], [], ['确认收货']],
    ['completed', ['review'], ['review'], ['评价']],
    ['completed', ['aftersale'], ['aftersale'], ['申请售后']],
    ['completed', [], [], []],
    ['pending_shipment', [], [], []],
  ];

  test.each(CASES)('order detail, %s with %j: the entry buttons follow allowed_actions', async (status, allowed, links, titles) => {
    seedSession(wx);
    wx.__api.on('GET /orders/7', { data: order(7, Object.assign({}, status === 'pending_payment' ? { events: [] } : PAID, { status, status_name: '', allowed_actions: allowed })) });
    const detail = await mountPage('pages/order/detail/index', { id: '7' });
    expect(detail.instance.data.order.links.map((l) => l.key)).toEqual(links);
    expect(detail.querySelectorAll('.action-btn').map((b) => b.dom.textContent.trim())).toEqual(titles);
    expect(Boolean(detail.querySelector('#action-aftersale'))).toBe(links.indexOf('aftersale') !== -1);
    expect(Boolean(detail.querySelector('#action-review'))).toBe(links.indexOf('review') !== -1);
    expect(detail.querySelector('.container').dom.className.includes('with-bar')).toBe(titles.length > 0);
    expect(Boolean(detail.querySelector('.bar'))).toBe(titles.length > 0);
    detail.instance.onUnload();
  });

  test('order detail: 申请售后 opens the apply page and 评价 the review page, with the order id; no call made', async () => {
    seedSession(wx);
    wx.__api.on('GET /orders/7', { data: order(7, Object.assign({}, PAID, { status: 'completed', status_name: '已完成', allowed_actions: ['aftersale', 'review'], completed_at: '2026-11-30T08:00:00Z' })) });
    const detail = await mountPage('pages/order/detail/index', { id: '7' });
    expect(text(detail, '#action-aftersale')).toBe('申请售后');
    expect(text(detail, '#action-review')).toBe('评价');
    expect(detail.querySelector('#action-aftersale').dom.className).toContain('btn-plain');
    expect(detail.querySelector('#action-review').dom.className).toContain('btn-primary');
    const callsBefore = wx.__api.calls.length;

    detail.querySelector('#action-aftersale').dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/aftersale/apply/index?order_id=7' });
    detail.querySelector('#action-review').dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/review/create/index?order_id=7' });
    expect(wx.navigateTo).toHaveBeenCalledTimes(2);
    expect(wx.__api.calls).toHaveLength(callsBefore);
    expect(detail.instance.data.busy).toBe(false);
    detail.instance.onUnload();
  });

  test('我的订单: each card shows the entries of its allowed_actions next to the state buttons, in the same style', async () => {
    seedSession(wx);
    wx.__api.on('GET /orders', page(CASES.map(([status, allowed], i) => order(i + 1, Object.assign({}, status === 'pending_payment' ? {} : PAID, { status, status_name: '', allowed_actions: allowed })))));
    const list = await mountPage('pages/order/list/index');
    const items = list.instance.data.items;
    expect(items.map((o) => o.links.map((l) => l.key))).toEqual(CASES.map((c) => c[2]));
    CASES.forEach(([, , , titles], i) => {
      const buttons = list.querySelectorAll(`#order-${i + 1} .action-btn`);
      expect(buttons.map((b) => b.dom.textContent.trim())).toEqual(titles);
    });
    expect(list.querySelector('#order-6 .order-actions')).toBeFalsy(); // closed: no button row
    expect(list.querySelector('#action-1-aftersale')).toBeFalsy(); // unpaid
    expect(list.querySelector('#action-2-aftersale').dom.className).toContain('btn-plain');
    expect(list.querySelector('#action-5-review').dom.className).toContain('btn-primary');
    expect(list.querySelector('#action-4-review')).toBeFalsy(); // shipped, not completed yet
    expect(list.querySelector('#action-7-aftersale')).toBeFalsy(); // shipped, but no aftersale action (a case is open)
    expect(list.querySelector('#action-8-aftersale')).toBeFalsy(); // completed, no aftersale action (window passed)
    expect(list.querySelector('#action-9-review')).toBeFalsy(); // completed, every line reviewed
    expect(list.querySelector('#order-10 .order-actions')).toBeFalsy(); // completed, nothing left to do
    expect(list.querySelector('#order-11 .order-actions')).toBeFalsy(); // paid, no aftersale action

    list.querySelector('#action-4-aftersale').dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/aftersale/apply/index?order_id=4' });
    list.querySelector('#action-5-review').dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/review/create/index?order_id=5' });
    list.querySelector('#action-5-aftersale').dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/aftersale/apply/index?order_id=5' });
    expect(wx.navigateTo).toHaveBeenCalledTimes(3); // not the order detail as well
    expect(wx.__api.callsTo('GET', '/orders')).toHaveLength(1);
  });
});

describe('我的: order shortcuts', () => {
  function centerRoutes(counts) {
    seedSession(wx);
    wx.__api.on('GET /me', { data: { id: 1, nickname: '蟹友', member_no: '10000001', phone: '13800000001' } });
    wx.__api.on('GET /me/workspaces', { data: { current: 'member', items: [{ workspace: 'member', label: '会员' }] } });
    wx.__api.on('GET /me/notifications/unread-count', { data: { unread: 0 } });
    wx.__api.on('GET /orders/counts', counts.statusCode ? counts : { data: counts });
  }

  test('one GET /orders/counts gives the badges (待付款 / 待发货 / 待收货 / 待评价, 我的售后), and each shortcut opens its tab', async () => {
    centerRoutes({ pending_payment: 2, pending_shipment: 1, shipped: 0, pending_review: 4, completed: 7, aftersale_open: 1 });
    const center = await mountPage('pages/user/center/index');
    expect(wx.__api.callsTo('GET', '/orders/counts')).toHaveLength(1);
    expect(wx.__api.callsTo('GET', '/orders')).toHaveLength(0); // no one-row pages per tab any more
    expect(center.instance.data.orderShortcuts.map((s) => [s.title, s.count])).toEqual([['待付款', 2], ['待发货', 1], ['待收货', 0], ['待评价', 4], ['已完成', 0]]); // 已完成 has no badge
    expect(text(center, '#orders-pending_payment .badge')).toBe('2');
    expect(text(center, '#orders-pending_shipment .badge')).toBe('1');
    expect(text(center, '#orders-pending_review .badge')).toBe('4');
    expect(text(center, '#orders-pending_review')).toContain('待评价');
    expect(center.querySelector('#orders-shipped .badge')).toBeFalsy(); // 0: no badge
    expect(center.querySelector('#orders-completed .badge')).toBeFalsy(); // 已完成 is not counted
    expect(text(center, '#menu-aftersales .menu-badge')).toBe('1');
    center.instance.onOrdersTap({ currentTarget: { dataset: { tab: 'shipped' } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/order/list/index?tab=shipped' });
    center.querySelector('#orders-pending_review').dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/order/list/index?tab=pending_review' });
    center.instance.onOrdersTap({ currentTarget: { dataset: { tab: '' } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/order/list/index' });
  });

  test('99+ above 99; shown again the counts are asked again; an error keeps the badges without a toast; logout clears them', async () => {
    centerRoutes({ pending_payment: 120, pending_shipment: 0, shipped: 3, completed: 0, aftersale_open: 0 });
    const center = await mountPage('pages/user/center/index');
    expect(text(center, '#orders-pending_payment .badge')).toBe('99+');
    expect(text(center, '#orders-shipped .badge')).toBe('3');
    expect(center.querySelector('#menu-aftersales .menu-badge')).toBeFalsy();

    wx.__api.on('GET /orders/counts', { statusCode: 500, data: errorBody(500, 'INTERNAL_ERROR', '服务器开小差了') });
    center.instance.onShow();
    await flush();
    expect(wx.__api.callsTo('GET', '/orders/counts')).toHaveLength(2);
    expect(text(center, '#orders-shipped .badge')).toBe('3');
    expect(wx.showToast).not.toHaveBeenCalled();

    wx.__storage.delete('session.accessToken');
    wx.__storage.delete('session.refreshToken');
    center.instance.onShow();
    await flush();
    expect(wx.__api.callsTo('GET', '/orders/counts')).toHaveLength(2);
    expect(center.querySelector('.badge')).toBeFalsy();
    expect(center.instance.data.openAftersales).toBe(0);
  });

  test('logged out: the shortcuts open the login page', async () => {
    const center = await mountPage('pages/user/center/index');
    center.instance.onOrdersTap({ currentTarget: { dataset: { tab: 'pending_payment' } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/auth/login/index' });
    expect(wx.request).not.toHaveBeenCalled();
  });
});
