/** 我的收藏, 意见反馈, 我的反馈, 关于我们 and their 我的 menu entries, through the Page → Component shim. */
const { createWx, errorBody, flush, holdUploads, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage, text } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  installPageShim(wx);
});

function favoriteRow(id, itemId, extra) {
  return {
    id,
    created_at: '2026-10-01T02:00:00Z',
    item: Object.assign({ id: itemId, kind: 'package', name: `礼盒${itemId}`, subtitle: '', cover_url: '', unit: '盒', retail_price: 39800, price: 39800, sales_count: 3, is_sold_out: false }, extra),
  };
}

describe('我的收藏', () => {
  test('loading, then the favorited items; tapping opens the detail page', async () => {
    seedSession(wx);
    wx.__api.on('GET /me/favorites', { data: { items: [favoriteRow(11, 3), favoriteRow(10, 8, { kind: 'ecard', name: '598 电子卡' })], total: 2, page: 1, page_size: 20 } });
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/favorite/list/index');
    expect(loading.instance.data.listStatus).toBe('loading');

    const page = await mountPage('pages/favorite/list/index');
    expect(wx.__api.calls[0].header.Authorization).toBe('Bearer access-1');
    expect(page.instance.data.items.map((i) => i.id)).toEqual([3, 8]);
    expect(page.querySelectorAll('#favorite-list .list-row')).toHaveLength(2);
    expect(page.dom.textContent).toContain('598 电子卡');
    expect(page.dom.textContent).toContain('¥398.00');
    expect(page.dom.textContent).toContain('长按商品可取消收藏');
  });

  test('long press → confirm → DELETE and the row disappears; cancelling keeps it', async () => {
    seedSession(wx);
    wx.__api.on('GET /me/favorites', { data: { items: [favoriteRow(11, 3), favoriteRow(10, 8)], total: 2 } });
    wx.__api.on('DELETE /me/favorites/:id', (call) => ({ data: { item_id: Number(call.path.split('/').pop()), is_favorite: false } }));
    const page = await mountPage('pages/favorite/list/index');

    wx.__modalConfirm = false;
    await page.instance.onItemLongPress({ detail: { id: 3 } });
    expect(wx.__api.callsTo('DELETE', '/me/favorites/3')).toHaveLength(0);

    wx.__modalConfirm = true;
    await page.instance.onItemLongPress({ detail: { id: 3 } });
    expect(wx.__api.callsTo('DELETE', '/me/favorites/3')).toHaveLength(1);
    expect(page.instance.data.items.map((i) => i.id)).toEqual([8]);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已取消收藏' }));

    await page.instance.onRemoveTap({ currentTarget: { dataset: { id: '8' } } });
    expect(page.instance.data.items).toEqual([]);
    expect(page.instance.data.listStatus).toBe('empty');
    expect(page.dom.textContent).toContain('还没有收藏的商品');
  });

  test('empty, error, paging, and back from a detail page a quiet refresh', async () => {
    seedSession(wx);
    wx.__api.on('GET /me/favorites', { data: { items: [], total: 0 } });
    const empty = await mountPage('pages/favorite/list/index');
    expect(empty.dom.textContent).toContain('还没有收藏的商品，去逛逛吧');

    wx.__api.on('GET /me/favorites', { statusCode: 500, data: errorBody(500, 'INTERNAL', '收藏加载失败') });
    const failed = await mountPage('pages/favorite/list/index');
    expect(failed.instance.data.listStatus).toBe('error');
    expect(failed.dom.textContent).toContain('收藏加载失败');

    const rows = Array.from({ length: 22 }, (_, i) => favoriteRow(100 - i, i + 1));
    wx.__api.on('GET /me/favorites', (call) => (call.query.page === '1' ? { data: { items: rows.slice(0, 20), total: 22 } } : { data: { items: rows.slice(20), total: 22 } }));
    const page = await mountPage('pages/favorite/list/index');
    page.instance.onReachBottom();
    await flush();
    expect(page.instance.data.items).toHaveLength(22);
    const before = wx.__api.callsTo('GET', '/me/favorites').length;
    page.instance.onShow();
    await flush();
    expect(wx.__api.callsTo('GET', '/me/favorites')).toHaveLength(before + 1);
    expect(page.instance.data.listStatus).toBe('');
  });

  test('taken off the shelf: greyed out with 已下架, a tap only toasts, and it can still be removed; sold out opens', async () => {
    seedSession(wx);
    wx.__api.on('GET /me/favorites', {
      data: {
        items: [
          favoriteRow(12, 3, { name: '下架礼盒', is_on_sale: false }),
          favoriteRow(11, 5, { name: '售罄礼盒', is_on_sale: true, is_sold_out: true }),
          favoriteRow(10, 8, { name: '在售礼盒', is_on_sale: true }),
        ],
        total: 3,
      },
    });
    wx.__api.on('DELETE /me/favorites/:id', (call) => ({ data: { item_id: Number(call.path.split('/').pop()), is_favorite: false } }));
    const page = await mountPage('pages/favorite/list/index');
    expect(page.instance.data.items.map((i) => [i.id, i.offShelf])).toEqual([[3, true], [5, false], [8, false]]);

    const off = page.querySelector('#favorite-3');
    expect(off.dom.className).toContain('list-row-off');
    const offComp = page.querySelector('#favorite-3 .favorite-card');
    const offCard = offComp.querySelector('.item-card');
    expect(offCard.dom.className).toContain('item-card-off');
    expect(text(offComp, '.item-off-shelf')).toBe('已下架');
    expect(off.dom.textContent).not.toContain('已售罄');
    offCard.dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).not.toHaveBeenCalled();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '商品已下架' }));

    const soldOut = page.querySelector('#favorite-5');
    expect(soldOut.dom.className).not.toContain('list-row-off');
    const soldOutComp = page.querySelector('#favorite-5 .favorite-card');
    const soldOutCard = soldOutComp.querySelector('.item-card');
    expect(soldOutCard.dom.className).not.toContain('item-card-off');
    expect(text(soldOutComp, '.item-sold-out')).toBe('已售罄');
    expect(soldOut.dom.textContent).not.toContain('已下架');
    wx.showToast.mockClear();
    soldOutCard.dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/catalog/detail/index?id=5' });
    expect(wx.showToast).not.toHaveBeenCalled();

    const onSale = page.querySelector('#favorite-8');
    expect(onSale.dom.className).not.toContain('list-row-off');
    expect(onSale.dom.textContent).not.toContain('已下架');
    expect(onSale.dom.textContent).not.toContain('已售罄');

    // the 取消收藏 button still works on the row taken off the shelf
    wx.__modalConfirm = true;
    page.querySelector('#favorite-3 .remove').dispatchEvent('tap');
    await flush();
    expect(wx.__api.callsTo('DELETE', '/me/favorites/3')).toHaveLength(1);
    expect(page.instance.data.items.map((i) => i.id)).toEqual([5, 8]);
    expect(page.querySelector('#favorite-3')).toBeFalsy();
  });

  test('logged out: a login prompt and no request', async () => {
    const page = await mountPage('pages/favorite/list/index');
    expect(wx.request).not.toHaveBeenCalled();
    expect(page.dom.textContent).toContain('登录后查看收藏的商品');
    page.instance.goLogin();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/auth/login/index' });
  });
});

describe('意见反馈', () => {
  function fill(page, content, contact) {
    page.instance.onContentInput({ detail: { value: content } });
    if (contact !== undefined) page.instance.onContactInput({ detail: { value: contact } });
  }

  test('checks the text first, then sends it with one key per form and opens 我的反馈', async () => {
    seedSession(wx);
    wx.__api.on('POST /me/feedback', (call) => ({ statusCode: 201, data: Object.assign({ id: 1, status: 'open', reply: '' }, call.data) }));
    const page = await mountPage('pages/feedback/index/index');
    fill(page, '太短');
    await page.instance.onSubmit();
    expect(text(page, '#content-error')).toBe('反馈内容至少5个字');
    expect(wx.request).not.toHaveBeenCalled();

    fill(page, '希望增加顺丰次日达的选项', '13800000001');
    expect(page.dom.textContent).toContain('12/1000');
    await page.instance.onSubmit();
    const post = wx.__api.callsTo('POST', '/me/feedback')[0];
    expect(post.data).toEqual({ content: '希望增加顺丰次日达的选项', contact: '13800000001', images: [] });
    expect(post.header['Idempotency-Key']).toBeTruthy();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '感谢反馈，我们会尽快处理' }));
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/feedback/list/index' });
    expect(page.instance.data.content).toBe('');

    fill(page, '第二条反馈内容');
    await page.instance.onSubmit();
    expect(wx.__api.callsTo('POST', '/me/feedback')[1].header['Idempotency-Key']).not.toBe(post.header['Idempotency-Key']);
  });

  test('a failed submit keeps the text and the key (a re-submit is the same feedback); server errors go under the fields', async () => {
    seedSession(wx);
    wx.__api.on('POST /me/feedback', { networkError: 'timeout' });
    const page = await mountPage('pages/feedback/index/index');
    fill(page, '页面打不开，请检查');
    await page.instance.onSubmit();
    expect(page.instance.data.content).toBe('页面打不开，请检查');
    expect(page.instance.data.submitting).toBe(false);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请求超时，请稍后重试' }));

    wx.__api.on('POST /me/feedback', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '填写的内容有误', { errors: { contact: ['联系方式过长'] } }) });
    await page.instance.onSubmit();
    const [first, second] = wx.__api.callsTo('POST', '/me/feedback');
    expect(second.header['Idempotency-Key']).toBe(first.header['Idempotency-Key']);
    expect(text(page, '#contact-error')).toBe('联系方式过长');
  });

  test('pictures (purpose=feedback): submit waits for the uploads, then sends their urls; the form is emptied after', async () => {
    seedSession(wx);
    wx.__api.on('POST /me/feedback', (call) => ({ statusCode: 201, data: Object.assign({ id: 1, status: 'open', reply: '' }, call.data) }));
    const held = holdUploads(wx);
    const page = await mountPage('pages/feedback/index/index');
    const pictures = page.querySelector('#feedback-pictures');
    fill(page, '付款页面一直转圈，截图如下');
    wx.__chosenFiles = [{ tempFilePath: 'http://tmp/screen.png', size: 10 }];
    await pictures.instance.onAdd();
    await flush();
    expect(held.uploads[0].query).toEqual({ purpose: 'feedback' });
    expect(text(page, '#submit-feedback')).toBe('图片上传中…');
    await page.instance.onSubmit();
    expect(wx.__api.callsTo('POST', '/me/feedback')).toHaveLength(0);
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '图片上传中，请稍候' }));

    held.answer(0, 422, errorBody(422, 'VALIDATION_ERROR', '填写的内容有误', { errors: { file: ['无法识别的图片，请上传 PNG、JPG 或 WebP 图片'] } }));
    await flush();
    await page.instance.onSubmit();
    expect(wx.__api.callsTo('POST', '/me/feedback')).toHaveLength(0);
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '有图片上传失败，请重试或删除' }));

    pictures.instance.onRetry({ currentTarget: { dataset: { index: 0 } } });
    await flush();
    held.answer(1, 201, { url: '/files/uploads/feedback/1/screen.png' });
    await flush();
    await page.instance.onSubmit();
    expect(wx.__api.callsTo('POST', '/me/feedback')[0].data).toEqual({ content: '付款页面一直转圈，截图如下', contact: '', images: ['/files/uploads/feedback/1/screen.png'] });
    expect(pictures.instance.data.pictures).toEqual([]);
    expect(page.instance.data.images).toEqual([]);
  });

  test('logged out: submitting opens the login page', async () => {
    const page = await mountPage('pages/feedback/index/index');
    expect(page.querySelector('#feedback-pictures')).toBeFalsy(); // pictures only once logged in
    expect(page.dom.textContent).toContain('登录后才能提交反馈');
    fill(page, '希望增加顺丰次日达的选项');
    await page.instance.onSubmit();
    expect(wx.request).not.toHaveBeenCalled();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/auth/login/index' });
  });
});

describe('我的反馈', () => {
  test('lists my feedback with status and reply (Shanghai time)', async () => {
    seedSession(wx);
    wx.__api.on('GET /me/feedback', {
      data: {
        items: [
          { id: 2, content: '发货能否更快', contact: '', images: [], status: 'open', reply: '', replied_at: null, created_at: '2026-10-02T01:00:00Z' },
          { id: 1, content: '包装很好', contact: 'wx_crab', images: [], status: 'replied', reply: '感谢您的支持！', replied_at: '2026-10-01T16:30:00Z', created_at: '2026-10-01T08:00:00Z' },
        ],
        total: 2,
      },
    });
    const page = await mountPage('pages/feedback/list/index');
    expect(wx.__api.calls[0].query).toEqual({ page: '1', page_size: '20' });
    expect(text(page, '#feedback-2')).toContain('待回复');
    expect(text(page, '#feedback-2')).toContain('2026-10-02 09:00');
    expect(text(page, '#feedback-1')).toContain('已回复');
    expect(text(page, '#feedback-1')).toContain('感谢您的支持！');
    expect(text(page, '#feedback-1')).toContain('2026-10-02 00:30');
    expect(text(page, '#feedback-1')).toContain('联系方式：wx_crab');
  });

  test('empty (with a way to write one) and error states', async () => {
    seedSession(wx);
    wx.__api.on('GET /me/feedback', { data: { items: [], total: 0 } });
    const empty = await mountPage('pages/feedback/list/index');
    expect(empty.dom.textContent).toContain('还没有提交过反馈');
    empty.instance.goWrite();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/feedback/index/index' });

    wx.__api.on('GET /me/feedback', { statusCode: 500, data: errorBody(500, 'INTERNAL', '反馈加载失败') });
    const failed = await mountPage('pages/feedback/list/index');
    expect(failed.dom.textContent).toContain('反馈加载失败');
  });
});

describe('关于我们', () => {
  test('company name, logo, introduction and a service phone to call', async () => {
    wx.__api.on('GET /storefront/about', {
      data: { name: '阳澄湖大闸蟹', address: '江苏省苏州市相城区阳澄湖镇', logo_url: '/files/logo.png', service_phone: '400-800-1234', about_html: '<p>三十年养蟹</p><img src="/files/farm.jpg">' },
    });
    const page = await mountPage('pages/content/about/index');
    expect(text(page, '#company-name')).toBe('阳澄湖大闸蟹');
    expect(page.instance.data.about.logoSrc).toBe('http://api.test/files/logo.png');
    expect(page.instance.data.about.html).toContain('src="http://api.test/files/farm.jpg"');
    expect(text(page, '#service-phone')).toContain('400-800-1234');
    expect(text(page, '#company-address')).toContain('阳澄湖镇');
    page.querySelector('#service-phone').dispatchEvent('tap');
    await flush();
    expect(wx.makePhoneCall).toHaveBeenCalledWith(expect.objectContaining({ phoneNumber: '400-800-1234' }));
  });

  test('nothing configured yet: defaults, no phone row; an error offers a retry', async () => {
    wx.__api.on('GET /storefront/about', { data: { name: '', address: '', logo_url: '', service_phone: '', about_html: '' } });
    const bare = await mountPage('pages/content/about/index');
    expect(text(bare, '#company-name')).toBe('蟹礼');
    expect(bare.querySelector('#service-phone')).toBeFalsy();
    expect(bare.dom.textContent).toContain('暂无介绍');
    expect(bare.dom.textContent).toContain('暂无联系方式');
    bare.instance.onCall();
    expect(wx.makePhoneCall).not.toHaveBeenCalled();

    wx.__api.on('GET /storefront/about', { networkError: 'offline' });
    const failed = await mountPage('pages/content/about/index');
    expect(failed.instance.data.status).toBe('error');
    expect(failed.dom.textContent).toContain('重试');
  });
});

describe('我的 menu', () => {
  test('收藏, 意见反馈 and 关于我们 entries; 关于我们 opens without logging in, the others ask for a login', async () => {
    const page = await mountPage('pages/user/center/index');
    expect(text(page, '#menu-favorites')).toBe('我的收藏');
    expect(text(page, '#menu-feedback')).toBe('意见反馈');
    expect(text(page, '#menu-about')).toBe('关于我们');
    page.querySelector('#menu-about').dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/content/about/index' });
    page.querySelector('#menu-favorites').dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/auth/login/index' });
  });
});
