/** 购物车 tab and the detail page's buy buttons, through the Page → Component shim against the mocked API. */
const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage, text } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  installPageShim(wx);
});

function line(id, extra, itemExtra) {
  return Object.assign(
    {
      id,
      item_id: id + 10,
      item: Object.assign({ id: id + 10, kind: 'package', name: `礼盒${id}`, cover_url: `/files/demo/p${id}.png`, retail_price: 39800, stock: 300, unit: '盒' }, itemExtra),
      quantity: 1,
      is_selected: true,
      price: 39800,
      available: true,
      unavailable_reason: null,
    },
    extra,
  );
}

function cartOf(lines) {
  const chosen = lines.filter((l) => l.is_selected && l.available);
  return {
    items: lines,
    selected_count: chosen.reduce((s, l) => s + l.quantity, 0),
    selected_amount: chosen.reduce((s, l) => s + l.quantity * l.price, 0),
  };
}

/** A small in-memory cart behind the mocked API. */
function serveCart(initial) {
  let lines = initial.map((l) => Object.assign({}, l));
  wx.__api.on('GET /cart', () => ({ data: cartOf(lines) }));
  wx.__api.on('PATCH /cart/lines/:id', (call) => {
    const id = Number(call.path.split('/').pop());
    lines = lines.map((l) => (l.id === id ? Object.assign({}, l, call.data) : l));
    return { data: cartOf(lines) };
  });
  wx.__api.on('POST /cart/remove', (call) => {
    lines = lines.filter((l) => call.data.line_ids.indexOf(l.id) === -1);
    return { data: cartOf(lines) };
  });
  wx.__api.on('POST /cart/select-all', (call) => {
    lines = lines.map((l) => Object.assign({}, l, { is_selected: call.data.selected }));
    return { data: cartOf(lines) };
  });
  return () => lines;
}

describe('购物车', () => {
  test('logged out: a way to the login page and no call', async () => {
    const page = await mountPage('pages/cart/index/index');
    expect(page.dom.textContent).toContain('登录后查看购物车');
    expect(wx.request).not.toHaveBeenCalled();
    page.instance.goLogin();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/auth/login/index' });
  });

  test('loading, then lines with price, quantity and the selected total in yuan', async () => {
    seedSession(wx);
    serveCart([line(1, { quantity: 2 }), line(2, { price: 75810 }, { retail_price: 79800 })]);
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/cart/index/index');
    expect(loading.instance.data.status).toBe('loading');
    expect(loading.dom.textContent).toContain('加载中');

    const page = await mountPage('pages/cart/index/index');
    const data = page.instance.data;
    expect(data.status).toBe('ready');
    expect(data.lines.map((l) => [l.name, l.quantity, l.cover])).toEqual([
      ['礼盒1', 2, 'http://api.test/files/demo/p1.png'],
      ['礼盒2', 1, 'http://api.test/files/demo/p2.png'],
    ]);
    expect(data.allSelected).toBe(true);
    expect(text(page, '#selected-amount')).toBe('¥1554.10'); // 2 × 398.00 + 758.10
    expect(text(page, '#checkout-button')).toBe('结算(3)');
    expect(page.dom.textContent).toContain('¥758.10¥798.00');
    expect(page.querySelectorAll('.line-stepper')).toHaveLength(2);
    expect(page.dom.textContent).toContain('−+');
  });

  test('empty cart: the empty state with a way to 首页', async () => {
    seedSession(wx);
    serveCart([]);
    const page = await mountPage('pages/cart/index/index');
    expect(page.instance.data.status).toBe('empty');
    expect(page.dom.textContent).toContain('购物车还是空的');
    expect(page.dom.textContent).toContain('去首页逛逛');
    page.instance.goHome();
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index/index' });
  });

  test('an error shows the server message with retry; pull-to-refresh stops the spinner', async () => {
    seedSession(wx);
    wx.__api.on('GET /cart', { statusCode: 503, data: errorBody(503, 'UNAVAILABLE', '系统维护中') });
    const page = await mountPage('pages/cart/index/index');
    expect(page.instance.data.status).toBe('error');
    expect(page.dom.textContent).toContain('系统维护中');
    serveCart([line(1)]);
    await page.instance.load();
    expect(page.instance.data.status).toBe('ready');
    page.instance.onPullDownRefresh();
    await flush();
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });

  test('unavailable lines are greyed out with the reason the server gives (unavailable_reason)', async () => {
    seedSession(wx);
    serveCart([
      line(1, { available: false, unavailable_reason: 'short', quantity: 5 }, { stock: 2 }),
      line(2, { available: false, unavailable_reason: 'sold_out' }, { stock: 0 }),
      // the stock alone would say otherwise: the server's reason wins
      line(3, { available: false, unavailable_reason: 'off_shelf', quantity: 5 }, { stock: 2 }),
      line(4, { available: false, unavailable_reason: 'off_shelf' }, { stock: 0 }),
      line(5, { available: false, unavailable_reason: 'sold_out' }, { stock: 50 }),
      line(6, { available: false, unavailable_reason: 'short', quantity: 5 }, { stock: 50 }),
      line(7, {}, { stock: 50 }),
    ]);
    const page = await mountPage('pages/cart/index/index');
    expect(page.instance.data.lines.map((l) => l.reason)).toEqual(['库存不足，仅剩2盒', '已售罄', '商品已下架', '商品已下架', '已售罄', '库存不足', '']);
    expect(page.querySelectorAll('.line-off')).toHaveLength(6);
    expect(page.querySelectorAll('.line-reason')).toHaveLength(6);
    expect(text(page, '#line-1 .line-reason')).toBe('库存不足，仅剩2盒');
    expect(text(page, '#line-3 .line-reason')).toBe('商品已下架');
    expect(text(page, '#line-5 .line-reason')).toBe('已售罄');
    expect(page.querySelector('#line-7 .line-reason')).toBeFalsy();
  });

  test('short with no stock figure: 库存不足', async () => {
    seedSession(wx);
    serveCart([line(1, { available: false, unavailable_reason: 'short', quantity: 5 }, { stock: undefined })]);
    const page = await mountPage('pages/cart/index/index');
    expect(page.instance.data.lines.map((l) => l.reason)).toEqual(['库存不足']);
  });

  test('an answer without unavailable_reason: the reason is derived from the item', async () => {
    seedSession(wx);
    const old = (id, extra, itemExtra) => {
      const l = line(id, extra, itemExtra);
      delete l.unavailable_reason;
      return l;
    };
    serveCart([
      old(1, { available: false, quantity: 5 }, { stock: 2 }),
      old(2, { available: false }, { stock: 0 }),
      old(3, { available: false }, { stock: 50 }),
    ]);
    const page = await mountPage('pages/cart/index/index');
    expect(page.instance.data.lines.map((l) => l.reason)).toEqual(['库存不足，仅剩2盒', '已售罄', '商品已下架']);
    expect(page.querySelectorAll('.line-off')).toHaveLength(3);
    expect(page.dom.textContent).toContain('库存不足，仅剩2盒');
    expect(page.instance.data.selectedCount).toBe(0);
  });

  test('checkbox, select all and the stepper change the cart on the server and show its totals', async () => {
    seedSession(wx);
    serveCart([line(1), line(2)]);
    const page = await mountPage('pages/cart/index/index');
    await page.instance.onToggleLine({ currentTarget: { dataset: { id: 1 } } });
    expect(wx.__api.callsTo('PATCH', '/cart/lines/1')[0].data).toEqual({ is_selected: false });
    expect(page.instance.data.allSelected).toBe(false);
    expect(page.instance.data.selectedAmount).toBe(39800);

    await page.instance.onToggleAll();
    expect(wx.__api.callsTo('POST', '/cart/select-all')[0].data).toEqual({ selected: true });
    expect(page.instance.data.allSelected).toBe(true);
    await page.instance.onToggleAll();
    expect(page.instance.data.selectedCount).toBe(0);
    expect(text(page, '#checkout-button')).toBe('结算(0)');
    await page.instance.onToggleAll();

    await page.instance.onQuantityChange({ currentTarget: { dataset: { id: 2 } }, detail: { value: 3 } });
    expect(wx.__api.callsTo('PATCH', '/cart/lines/2')[0].data).toEqual({ quantity: 3 });
    expect(page.instance.data.lines[1].quantity).toBe(3);
    expect(text(page, '#selected-amount')).toBe('¥1592.00');
    // out of range → kept within 1–99 before asking
    await page.instance.onQuantityChange({ currentTarget: { dataset: { id: 2 } }, detail: { value: 150 } });
    expect(wx.__api.callsTo('PATCH', '/cart/lines/2')[1].data).toEqual({ quantity: 99 });
  });

  test('a refused change shows the server cart again (the toast comes from request.js)', async () => {
    seedSession(wx);
    serveCart([line(1)]);
    const page = await mountPage('pages/cart/index/index');
    wx.__api.on('PATCH /cart/lines/:id', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '数量超出范围') });
    await page.instance.onQuantityChange({ currentTarget: { dataset: { id: 1 } }, detail: { value: 5 } });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '数量超出范围' }));
    expect(page.instance.data.lines[0].quantity).toBe(1);
    expect(page.instance.data.busy).toBe(false);
  });

  test('long press → confirm → the line is removed; declining keeps it; 管理 removes the selected lines', async () => {
    seedSession(wx);
    const lines = serveCart([line(1), line(2), line(3)]);
    const page = await mountPage('pages/cart/index/index');
    wx.__modalConfirm = false;
    await page.instance.onLineLongPress({ currentTarget: { dataset: { id: 1 } } });
    expect(wx.__api.callsTo('POST', '/cart/remove')).toHaveLength(0);
    wx.__modalConfirm = true;
    await page.instance.onLineLongPress({ currentTarget: { dataset: { id: 1 } } });
    expect(wx.showModal.mock.calls[1][0].content).toContain('礼盒1');
    expect(wx.__api.callsTo('POST', '/cart/remove')[0].data).toEqual({ line_ids: [1] });
    expect(page.instance.data.lines.map((l) => l.id)).toEqual([2, 3]);

    page.instance.onToggleManage();
    await flush();
    expect(text(page, '#remove-selected')).toBe('删除(2)');
    await page.instance.onRemoveSelected();
    expect(lines()).toEqual([]);
    expect(page.instance.data.status).toBe('empty');
    expect(page.instance.data.managing).toBe(false);
  });

  test('结算: nothing selected → a toast; selected unavailable lines are unticked after a confirmation', async () => {
    seedSession(wx);
    serveCart([line(1, { is_selected: false }), line(2, { available: false, unavailable_reason: 'sold_out' }, { stock: 0 })]);
    const page = await mountPage('pages/cart/index/index');
    await page.instance.onCheckout();
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '选中的商品暂时无法购买' }));
    await page.instance.onToggleLine({ currentTarget: { dataset: { id: 1 } } });
    await page.instance.onCheckout();
    expect(wx.showModal.mock.calls[0][0].content).toContain('1 种商品暂时无法购买');
    expect(wx.__api.callsTo('PATCH', '/cart/lines/2').pop().data).toEqual({ is_selected: false });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/order/checkout/index' });
  });
});

describe('detail page: 加入购物车 / 立即购买', () => {
  function detail(extra) {
    return Object.assign(
      {
        id: 7,
        kind: 'package',
        name: '礼盒7',
        cover_url: '/files/demo/p7.png',
        gallery: [],
        retail_price: 59800,
        price: 59800,
        stock: 5,
        is_sold_out: false,
        contents: [],
        redeem_package: null,
        is_favorite: false,
        show_sales_count: false,
      },
      extra,
    );
  }

  test('a card has only 立即购买; a sold-out item a disabled 已售罄', async () => {
    wx.__api.on('GET /storefront/items/14', { data: detail({ id: 14, kind: 'ecard', redeem_package: { id: 7, name: '礼盒7', contents: [] } }) });
    const card = await mountPage('pages/catalog/detail/index', { id: '14' });
    expect(card.querySelector('#add-to-cart')).toBeFalsy();
    expect(text(card, '#buy-now')).toBe('立即购买');
    card.instance.onAddToCartTap();
    expect(card.instance.data.sheetVisible).toBe(false);

    wx.__api.on('GET /storefront/items/8', { data: detail({ id: 8, is_sold_out: true, stock: 0 }) });
    const soldOut = await mountPage('pages/catalog/detail/index', { id: '8' });
    expect(text(soldOut, '#sold-out-button')).toBe('已售罄');
    expect(soldOut.querySelector('#buy-now')).toBeFalsy();
  });

  test('logged out: the login page opens, and back here the sheet the user asked for opens', async () => {
    wx.__api.on('GET /storefront/items/7', { data: detail() });
    const page = await mountPage('pages/catalog/detail/index', { id: '7' });
    page.instance.onAddToCartTap();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/auth/login/index' });
    expect(page.instance.data.sheetVisible).toBe(false);
    seedSession(wx);
    page.instance.onShow();
    await flush();
    expect(page.instance.data.sheetVisible).toBe(true);
    expect(page.instance.data.sheetMode).toBe('cart');
  });

  test('加入购物车 with the chosen quantity (capped by the stock shown); 立即购买 opens the checkout', async () => {
    seedSession(wx);
    wx.__api.on('GET /storefront/items/7', { data: detail() });
    wx.__api.on('POST /cart/lines', { statusCode: 201, data: { id: 1, quantity: 2 } });
    const page = await mountPage('pages/catalog/detail/index', { id: '7' });
    expect(page.instance.data.maxQuantity).toBe(5);
    page.instance.onAddToCartTap();
    await flush();
    expect(page.querySelector('#quantity-sheet')).toBeTruthy();
    expect(text(page, '#sheet-confirm')).toBe('加入购物车');
    page.instance.onQuantityChange({ detail: { value: 9 } });
    expect(page.instance.data.quantity).toBe(5);
    page.instance.onQuantityChange({ detail: { value: 2 } });
    await page.instance.onConfirmSheet();
    expect(wx.__api.callsTo('POST', '/cart/lines')[0].data).toEqual({ item_id: 7, quantity: 2 });
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '已加入购物车' }));
    expect(page.instance.data.sheetVisible).toBe(false);

    page.instance.onBuyNowTap();
    page.instance.onQuantityChange({ detail: { value: 3 } });
    await page.instance.onConfirmSheet();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/order/checkout/index?item_id=7&quantity=3' });
  });

  test('a refused add keeps the sheet open (the server message is toasted)', async () => {
    seedSession(wx);
    wx.__api.on('GET /storefront/items/7', { data: detail() });
    wx.__api.on('POST /cart/lines', { statusCode: 409, data: errorBody(409, 'CART_FULL', '购物车最多放 50 种商品') });
    const page = await mountPage('pages/catalog/detail/index', { id: '7' });
    page.instance.onAddToCartTap();
    await page.instance.onConfirmSheet();
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '购物车最多放 50 种商品' }));
    expect(page.instance.data.sheetVisible).toBe(true);
    expect(page.instance.data.adding).toBe(false);
  });
});
