/** services/catalog.js, favorite.js, feedback.js, content.js (about) and request.js's optional auth. */
const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  global.wx = wx;
  global.getCurrentPages = () => [{ route: 'pages/home/index/index' }];
});

describe('catalog service', () => {
  test('home: sends the token when logged in (member price) and remembers show_sales_count', async () => {
    seedSession(wx);
    const catalog = require('../../services/catalog');
    wx.__api.on('GET /storefront/home', { data: { banners: [], recommended: [], show_sales_count: true } });
    expect(catalog.showSalesCount()).toBe(false); // unknown until an answer says so
    await catalog.getHome();
    expect(wx.__api.calls[0].header.Authorization).toBe('Bearer access-1');
    expect(catalog.showSalesCount()).toBe(true);

    wx.__api.on('GET /storefront/items/3', { data: { id: 3, show_sales_count: false } });
    await catalog.getItem(3);
    expect(catalog.showSalesCount()).toBe(false);
  });

  test('visitors call without a token', async () => {
    const catalog = require('../../services/catalog');
    wx.__api.on('GET /storefront/home', { data: {} });
    await catalog.getHome();
    expect(wx.__api.calls[0].header.Authorization).toBeUndefined();
  });

  test('listItems: keeps known kinds and sorts, trims the keyword, caps page_size at 50', async () => {
    const catalog = require('../../services/catalog');
    wx.__api.on('GET /storefront/items', { data: { items: [], total: 0, page: 1, page_size: 20 } });
    await catalog.listItems({ kind: 'package', category_id: 4, sort: '-price', q: '  礼盒 ', page: 2, page_size: 80 });
    expect(wx.__api.calls[0].query).toEqual({ kind: 'package', category_id: '4', sort: '-price', q: '礼盒', page: '2', page_size: '50' });

    await catalog.listItems({ kind: 'product', sort: 'cheapest', category_id: '' });
    expect(wx.__api.calls[1].query).toEqual({});
  });

  test('categories: public, answers the items array', async () => {
    seedSession(wx);
    const catalog = require('../../services/catalog');
    wx.__api.on('GET /storefront/categories', (call) => ({ data: { items: [{ id: 1, name: call.query.scope }] } }));
    await expect(catalog.listCategories('card')).resolves.toEqual([{ id: 1, name: 'card' }]);
    expect(wx.__api.calls[0].header.Authorization).toBeUndefined();
  });

  test('kind labels', () => {
    const catalog = require('../../services/catalog');
    expect(catalog.kindLabel('ecard')).toBe('电子提货卡');
    expect(catalog.kindLabel('nope')).toBe('');
  });
});

describe('optional auth (public storefront calls)', () => {
  test('a dead session on a public call: asked again without the token, session forgotten, no login page', async () => {
    seedSession(wx);
    const catalog = require('../../services/catalog');
    wx.__api.on('GET /storefront/home', (call) =>
      call.header.Authorization
        ? { statusCode: 401, data: errorBody(401, 'TOKEN_EXPIRED', '登录已过期') }
        : { data: { banners: [{ id: 1 }] } },
    );
    wx.__api.on('POST /auth/refresh', { statusCode: 401, data: errorBody(401, 'TOKEN_REVOKED', '登录已失效') });
    await expect(catalog.getHome()).resolves.toEqual({ banners: [{ id: 1 }] });
    expect(wx.__api.calls.map((c) => `${c.method} ${c.path} ${c.header.Authorization ? 'token' : 'anon'}`)).toEqual([
      'GET /storefront/home token',
      'POST /auth/refresh token',
      'GET /storefront/home anon',
    ]);
    expect(wx.__storage.has('session.accessToken')).toBe(false);
    expect(wx.navigateTo).not.toHaveBeenCalled();
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('an expired token that refreshes fine keeps the member price', async () => {
    seedSession(wx);
    const catalog = require('../../services/catalog');
    wx.__api.on('GET /storefront/items/5', (call) =>
      call.header.Authorization === 'Bearer access-2'
        ? { data: { id: 5, price: 9000 } }
        : { statusCode: 401, data: errorBody(401, 'TOKEN_EXPIRED', '登录已过期') },
    );
    wx.__api.on('POST /auth/refresh', { data: { access_token: 'access-2', refresh_token: 'refresh-2', workspace: 'member' } });
    await expect(catalog.getItem(5)).resolves.toMatchObject({ price: 9000 });
    expect(wx.__storage.get('session.accessToken')).toBe('access-2');
  });

  test('another 401 (token not accepted) also falls back to the visitor view', async () => {
    seedSession(wx);
    const catalog = require('../../services/catalog');
    wx.__api.on('GET /storefront/items', (call) =>
      call.header.Authorization ? { statusCode: 401, data: errorBody(401, 'TOKEN_INVALID', '无效的登录凭证') } : { data: { items: [], total: 0 } },
    );
    await expect(catalog.listItems({})).resolves.toEqual({ items: [], total: 0 });
    expect(wx.__storage.has('session.accessToken')).toBe(false);
    expect(wx.navigateTo).not.toHaveBeenCalled();
  });

  test('login-required calls still end the session and open the login page', async () => {
    seedSession(wx);
    const favorite = require('../../services/favorite');
    wx.__api.on('GET /me/favorites', { statusCode: 401, data: errorBody(401, 'TOKEN_INVALID', '无效的登录凭证') });
    await expect(favorite.listFavorites({ page: 1 }, { showError: false })).rejects.toMatchObject({ statusCode: 401, handled: true });
    await flush();
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/auth/login/index' }));
  });
});

describe('favorite service', () => {
  test('PUT / DELETE /me/favorites/{id} with the token; list with paging', async () => {
    seedSession(wx);
    const favorite = require('../../services/favorite');
    wx.__api.on('PUT /me/favorites/:id', (call) => ({ data: { item_id: Number(call.path.split('/').pop()), is_favorite: true } }));
    wx.__api.on('DELETE /me/favorites/:id', (call) => ({ data: { item_id: Number(call.path.split('/').pop()), is_favorite: false } }));
    wx.__api.on('GET /me/favorites', { data: { items: [], total: 0, page: 2, page_size: 10 } });
    await expect(favorite.setFavorite(7, true)).resolves.toEqual({ item_id: 7, is_favorite: true });
    await expect(favorite.setFavorite(7, false)).resolves.toEqual({ item_id: 7, is_favorite: false });
    await favorite.listFavorites({ page: 2, page_size: 10 });
    expect(wx.__api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['PUT /me/favorites/7', 'DELETE /me/favorites/7', 'GET /me/favorites']);
    expect(wx.__api.calls[2].query).toEqual({ page: '2', page_size: '10' });
    wx.__api.calls.forEach((c) => expect(c.header.Authorization).toBe('Bearer access-1'));
  });
});

describe('feedback service', () => {
  test('checkFeedback mirrors the server rules', () => {
    const feedback = require('../../services/feedback');
    expect(feedback.checkFeedback({ content: '' })).toEqual({ content: '请填写反馈内容' });
    expect(feedback.checkFeedback({ content: ' 太短 ' })).toEqual({ content: '反馈内容至少5个字' });
    expect(feedback.checkFeedback({ content: 'x'.repeat(1001) })).toEqual({ content: '反馈内容最多1000个字' });
    expect(feedback.checkFeedback({ content: '发货很快，好评', contact: 'x'.repeat(65) })).toEqual({ contact: '联系方式最多64个字' });
    expect(feedback.checkFeedback({ content: '发货很快，好评', contact: '13800000001' })).toEqual({});
  });

  test('create trims and sends content, contact and images with the form idempotency key; list pages', async () => {
    seedSession(wx);
    const feedback = require('../../services/feedback');
    wx.__api.on('POST /me/feedback', (call) => ({ statusCode: 201, data: Object.assign({ id: 1, status: 'open' }, call.data) }));
    wx.__api.on('GET /me/feedback', { data: { items: [], total: 0 } });
    await feedback.createFeedback({ content: '  希望增加更多规格  ', contact: ' 微信 crab ' }, { idempotencyKey: 'form-1' });
    const post = wx.__api.callsTo('POST', '/me/feedback')[0];
    expect(post.data).toEqual({ content: '希望增加更多规格', contact: '微信 crab', images: [] });
    expect(post.header['Idempotency-Key']).toBe('form-1');
    await feedback.listMyFeedback({ page: 1, page_size: 20 });
    expect(wx.__api.callsTo('GET', '/me/feedback')[0].query).toEqual({ page: '1', page_size: '20' });
  });
});

describe('content service: about', () => {
  test('GET /storefront/about without a token', async () => {
    seedSession(wx);
    const content = require('../../services/content');
    wx.__api.on('GET /storefront/about', { data: { name: '阳澄湖大闸蟹', service_phone: '400-800-1234' } });
    await expect(content.getAbout()).resolves.toMatchObject({ name: '阳澄湖大闸蟹' });
    expect(wx.__api.calls[0].header.Authorization).toBeUndefined();
  });
});
