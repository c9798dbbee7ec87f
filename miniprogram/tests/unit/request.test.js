const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');

let wx;
let http;
let session;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  global.wx = wx;
  global.getCurrentPages = () => [{ route: 'pages/user/center/index' }];
  http = require('../../utils/request');
  session = require('../../utils/session');
});

describe('base URL', () => {
  test.each([
    ['develop', 'http://127.0.0.1:5000/api/v1'],
    ['trial', 'https://trial-api.crab.example.com/api/v1'],
    ['release', 'https://api.crab.example.com/api/v1'],
  ])('%s maps through config/env.js', async (envVersion, base) => {
    global.wx = createWx({ envVersion });
    global.wx.__api.on('GET /health', { data: { ok: true } });
    await http.get('/health').catch(() => null);
    expect(global.wx.request.mock.calls[0][0].url).toBe(`${base}/health`);
  });

  test('the run-time override works only in develop', async () => {
    global.wx = createWx({ envVersion: 'release' });
    global.wx.__storage.set('dev.apiBaseUrl', 'http://127.0.0.1:9999/api/v1');
    await http.get('/health', undefined, { showError: false }).catch(() => null);
    expect(global.wx.request.mock.calls[0][0].url).toBe('https://api.crab.example.com/api/v1/health');
  });

  test('query parameters are encoded and empty ones dropped', async () => {
    wx.__api.on('GET /me/invitees', { data: { items: [] } });
    await http.get('/me/invitees', { page: 2, q: '大 闸', empty: '', none: undefined });
    expect(wx.request.mock.calls[0][0].url).toBe('http://api.test/api/v1/me/invitees?page=2&q=%E5%A4%A7%20%E9%97%B8');
  });
});

describe('answers and errors', () => {
  test('resolves with the body and attaches the access token', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: { id: 1 } });
    await expect(http.get('/me')).resolves.toEqual({ id: 1 });
    expect(wx.__api.calls[0].header.Authorization).toBe('Bearer access-1');
  });

  test('no Authorization header for auth: false calls', async () => {
    seedSession(wx);
    wx.__api.on('GET /agreements/privacy-policy', { data: { code: 'privacy-policy' } });
    await http.get('/agreements/privacy-policy', undefined, { auth: false });
    expect(wx.__api.calls[0].header.Authorization).toBeUndefined();
  });

  test('204 resolves with null', async () => {
    seedSession(wx);
    wx.__api.on('DELETE /me/addresses/3', { statusCode: 204, data: '' });
    await expect(http.del('/me/addresses/3')).resolves.toBeNull();
  });

  test('rejects with the server error and shows its message', async () => {
    seedSession(wx);
    const body = errorBody(409, 'PHONE_TAKEN', '该手机号已被其他账号绑定', { errors: { phone: ['已被绑定'] } });
    wx.__api.on('POST /me/phone/wechat', { statusCode: 409, data: body });
    const error = await http.post('/me/phone/wechat', { code: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ code: 409, error_code: 'PHONE_TAKEN', message: '该手机号已被其他账号绑定', errors: { phone: ['已被绑定'] }, statusCode: 409 });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '该手机号已被其他账号绑定', icon: 'none' }));
  });

  test('showError: false passes the error without a toast', async () => {
    wx.__api.on('POST /auth/sms-login', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '输入有误', { errors: { code: ['验证码错误'] } }) });
    const error = await http.post('/auth/sms-login', {}, { auth: false, showError: false }).catch((e) => e);
    expect(error.errors).toEqual({ code: ['验证码错误'] });
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('429 carries retry_after from the body, or from the Retry-After header', async () => {
    wx.__api.on('POST /auth/sms-codes', { statusCode: 429, data: errorBody(429, 'RATE_LIMITED', '发送太频繁', { retry_after: 42 }) });
    const fromBody = await http.post('/auth/sms-codes', {}, { auth: false }).catch((e) => e);
    expect(fromBody.retry_after).toBe(42);

    wx.__api.on('POST /auth/sms-codes', { statusCode: 429, data: errorBody(429, 'RATE_LIMITED', '发送太频繁'), header: { 'retry-after': '17' } });
    const fromHeader = await http.post('/auth/sms-codes', {}, { auth: false }).catch((e) => e);
    expect(fromHeader.retry_after).toBe(17);
  });

  test('an error without a JSON body still has the shape, with a Chinese fallback message', async () => {
    wx.__api.on('GET /broken', { statusCode: 502, data: '<html>bad gateway</html>' });
    const error = await http.get('/broken', undefined, { auth: false }).catch((e) => e);
    expect(error).toMatchObject({ code: 502, error_code: 'HTTP_502', statusCode: 502 });
    expect(error.message).toMatch(/服务器/);
  });

  test('a network failure rejects with NETWORK_ERROR', async () => {
    wx.__api.on('GET /me', { networkError: 'timeout' });
    const error = await http.get('/me').catch((e) => e);
    expect(error).toMatchObject({ code: 0, error_code: 'TIMEOUT' });
    wx.__api.on('GET /me', { networkError: 'ECONNREFUSED' });
    const error2 = await http.get('/me').catch((e) => e);
    expect(error2).toMatchObject({ code: 0, error_code: 'NETWORK_ERROR' });
    expect(wx.showToast).toHaveBeenCalledTimes(2);
  });

  test('403 PASSWORD_CHANGE_REQUIRED opens the password page', async () => {
    seedSession(wx);
    wx.__api.on('GET /me/addresses', { statusCode: 403, data: errorBody(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改密码') });
    await http.get('/me/addresses').catch(() => null);
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/settings/password/index' }));
  });
});

describe('idempotency key', () => {
  test('every POST gets one, GET does not; keys differ per call', async () => {
    seedSession(wx);
    wx.__api.on('POST /invites', { statusCode: 201, data: { token: 't' } });
    wx.__api.on('GET /me', { data: {} });
    await http.post('/invites', {});
    await http.post('/invites', {});
    await http.get('/me');
    const [a, b, c] = wx.__api.calls;
    expect(a.header['Idempotency-Key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.header['Idempotency-Key'].length).toBeGreaterThanOrEqual(8);
    expect(a.header['Idempotency-Key'].length).toBeLessThanOrEqual(64);
    expect(b.header['Idempotency-Key']).not.toBe(a.header['Idempotency-Key']);
    expect(c.header['Idempotency-Key']).toBeUndefined();
  });

  test('a caller-supplied key is used as is', async () => {
    seedSession(wx);
    wx.__api.on('POST /me/addresses', { statusCode: 201, data: { id: 1 } });
    await http.post('/me/addresses', { receiver_name: 'a' }, { idempotencyKey: 'form-key-123' });
    expect(wx.__api.calls[0].header['Idempotency-Key']).toBe('form-key-123');
    expect(wx.__api.calls[0].header['Content-Type']).toBe('application/json');
  });

  test('the retry after a token refresh sends the same key', async () => {
    seedSession(wx);
    let first = true;
    wx.__api.on('POST /invites', () => {
      if (first) {
        first = false;
        return { statusCode: 401, data: errorBody(401, 'TOKEN_EXPIRED', '登录已过期') };
      }
      return { statusCode: 201, data: { token: 't' } };
    });
    wx.__api.on('POST /auth/refresh', { data: { access_token: 'access-2', refresh_token: 'refresh-2', workspace: 'member' } });
    await http.post('/invites', {});
    const posts = wx.__api.callsTo('POST', '/invites');
    expect(posts).toHaveLength(2);
    expect(posts[1].header['Idempotency-Key']).toBe(posts[0].header['Idempotency-Key']);
  });
});

describe('token refresh', () => {
  function expiringApi() {
    // Answers 401 TOKEN_EXPIRED to the old token and 200 to the refreshed one.
    wx.__api.on('GET /me', (req) =>
      req.header.Authorization === 'Bearer access-2'
        ? { data: { id: 1 } }
        : { statusCode: 401, data: errorBody(401, 'TOKEN_EXPIRED', '登录已过期') });
    wx.__api.on('GET /me/workspaces', (req) =>
      req.header.Authorization === 'Bearer access-2'
        ? { data: { current: 'member', items: [] } }
        : { statusCode: 401, data: errorBody(401, 'TOKEN_EXPIRED', '登录已过期') });
  }

  test('refreshes once with the refresh token, stores the new pair and retries', async () => {
    seedSession(wx);
    expiringApi();
    wx.__api.on('POST /auth/refresh', { data: { access_token: 'access-2', refresh_token: 'refresh-2', workspace: 'member', expires_in: 1800 } });
    await expect(http.get('/me')).resolves.toEqual({ id: 1 });
    const refreshes = wx.__api.callsTo('POST', '/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].header.Authorization).toBe('Bearer refresh-1');
    expect(session.getAccessToken()).toBe('access-2');
    expect(session.getRefreshToken()).toBe('refresh-2');
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('concurrent 401s share one refresh; calls made during the refresh wait for it', async () => {
    seedSession(wx);
    expiringApi();
    let releaseRefresh;
    const refreshGate = new Promise((resolve) => {
      releaseRefresh = resolve;
    });
    // Hold the refresh answer until released, to have calls arrive while it is in flight.
    const plainRequest = wx.request.getMockImplementation();
    wx.request.mockImplementation((o) => {
      if (o.url.endsWith('/auth/refresh')) {
        wx.__api.calls.push({ method: 'POST', path: '/auth/refresh', header: o.header });
        refreshGate.then(() => o.success({ statusCode: 200, data: { access_token: 'access-2', refresh_token: 'refresh-2' }, header: {} }));
        return;
      }
      plainRequest(o);
    });

    const results = Promise.all([http.get('/me'), http.get('/me/workspaces'), http.get('/me')]);
    await flush();
    expect(wx.__api.callsTo('POST', '/auth/refresh')).toHaveLength(1);

    const late = http.get('/me'); // issued while the refresh is in flight
    await flush();
    const lateSentBeforeRefresh = wx.__api.callsTo('GET', '/me').filter((c) => c.header.Authorization === 'Bearer access-1');
    expect(lateSentBeforeRefresh).toHaveLength(2); // only the first two /me calls went out with the old token

    releaseRefresh();
    await expect(results).resolves.toEqual([{ id: 1 }, { current: 'member', items: [] }, { id: 1 }]);
    await expect(late).resolves.toEqual({ id: 1 });
    expect(wx.__api.callsTo('POST', '/auth/refresh')).toHaveLength(1);
    expect(wx.__api.callsTo('GET', '/me').filter((c) => c.header.Authorization === 'Bearer access-2')).toHaveLength(3);
  });

  test('a failed refresh clears the session, opens login once and rejects every waiting call', async () => {
    seedSession(wx, { 'session.user': { id: 1 } });
    expiringApi();
    wx.__api.on('POST /auth/refresh', { statusCode: 401, data: errorBody(401, 'TOKEN_REVOKED', '令牌已失效') });
    const outcomes = await Promise.all([http.get('/me').catch((e) => e), http.get('/me/workspaces').catch((e) => e)]);
    outcomes.forEach((error) => expect(error).toMatchObject({ error_code: 'SESSION_EXPIRED', handled: true }));
    expect(wx.__api.callsTo('POST', '/auth/refresh')).toHaveLength(1);
    expect(session.isLoggedIn()).toBe(false);
    expect(session.getUser()).toBeNull();
    expect(wx.navigateTo).toHaveBeenCalledTimes(1);
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/auth/login/index' }));
  });

  test('a second TOKEN_EXPIRED after the refresh ends the session instead of looping', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { statusCode: 401, data: errorBody(401, 'TOKEN_EXPIRED', '登录已过期') });
    wx.__api.on('POST /auth/refresh', { data: { access_token: 'access-2', refresh_token: 'refresh-2' } });
    await expect(http.get('/me')).rejects.toMatchObject({ error_code: 'TOKEN_EXPIRED' });
    expect(wx.__api.callsTo('POST', '/auth/refresh')).toHaveLength(1);
    expect(wx.__api.callsTo('GET', '/me')).toHaveLength(2);
    expect(session.isLoggedIn()).toBe(false);
  });

  test('another 401 (invalid token) ends the session without a refresh', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { statusCode: 401, data: errorBody(401, 'TOKEN_INVALID', '请先登录') });
    await expect(http.get('/me')).rejects.toMatchObject({ error_code: 'TOKEN_INVALID' });
    expect(wx.__api.callsTo('POST', '/auth/refresh')).toHaveLength(0);
    expect(session.isLoggedIn()).toBe(false);
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/auth/login/index' }));
  });

  test('a 401 on a login call (no token sent) is just an error', async () => {
    wx.__api.on('POST /auth/password-login', { statusCode: 401, data: errorBody(401, 'INVALID_CREDENTIALS', '手机号或密码错误') });
    await expect(http.post('/auth/password-login', {}, { auth: false })).rejects.toMatchObject({ error_code: 'INVALID_CREDENTIALS' });
    expect(wx.navigateTo).not.toHaveBeenCalled();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '手机号或密码错误' }));
  });

  test('the login page is not opened again when it is already on top', async () => {
    global.getCurrentPages = () => [{ route: 'pages/auth/login/index' }];
    seedSession(wx);
    wx.__api.on('GET /me', { statusCode: 401, data: errorBody(401, 'TOKEN_INVALID', '请先登录') });
    await http.get('/me').catch(() => null);
    expect(wx.navigateTo).not.toHaveBeenCalled();
  });
});

describe('download', () => {
  test('sends the token and resolves with the temp file', async () => {
    seedSession(wx);
    wx.__api.on('GET /invites/abc/qrcode', { data: 'PNGDATA', header: { 'Content-Type': 'image/png' } });
    const file = await http.download('/invites/abc/qrcode');
    expect(file.tempFilePath).toMatch(/^http:\/\/tmp\//);
    expect(wx.downloadFile.mock.calls[0][0].header.Authorization).toBe('Bearer access-1');
  });

  test('reads the error body from the downloaded file and refreshes on TOKEN_EXPIRED', async () => {
    seedSession(wx);
    wx.__api.on('GET /invites/abc/qrcode', (req) =>
      req.header.Authorization === 'Bearer access-2' ? { data: 'PNG' } : { statusCode: 401, data: errorBody(401, 'TOKEN_EXPIRED', '过期') });
    wx.__api.on('POST /auth/refresh', { data: { access_token: 'access-2', refresh_token: 'refresh-2' } });
    await expect(http.download('/invites/abc/qrcode')).resolves.toMatchObject({ statusCode: 200 });
    expect(wx.downloadFile).toHaveBeenCalledTimes(2);

    wx.__api.on('GET /invites/zzz/qrcode', { statusCode: 404, data: errorBody(404, 'NOT_FOUND', '邀请不存在') });
    await expect(http.download('/invites/zzz/qrcode', { showError: false })).rejects.toMatchObject({ error_code: 'NOT_FOUND', message: '邀请不存在' });
  });
});

describe('upload', () => {
  const USER = { id: 12, nickname: '蟹友', avatar_url: '/files/avatars/12/abc.png' };

  test('posts the file through wx.uploadFile with the token and parses the JSON string answer', async () => {
    seedSession(wx);
    wx.__api.on('POST /me/avatar', { data: USER });
    const progress = [];
    const answer = await http.upload('/me/avatar', 'http://tmp/avatar.png', { onProgress: (p) => progress.push(p) });
    expect(answer).toEqual(USER); // wx.uploadFile's data is a string; upload() resolves with the parsed object
    expect(wx.request).not.toHaveBeenCalled();
    const options = wx.uploadFile.mock.calls[0][0];
    expect(options).toMatchObject({ url: 'http://api.test/api/v1/me/avatar', filePath: 'http://tmp/avatar.png', name: 'file' });
    expect(options.header.Authorization).toBe('Bearer access-1');
    expect(options.header['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(options.header['Content-Type']).toBeUndefined(); // wx sets the multipart boundary itself
    expect(options.timeout).toBeGreaterThanOrEqual(15000);
    expect(progress).toEqual([50, 100]);
  });

  test('name, formData and a caller-supplied key are passed on', async () => {
    seedSession(wx);
    wx.__api.on('POST /uploads', { statusCode: 201, data: { ok: true } });
    await http.upload('/uploads', 'wxfile://tmp_1.jpg', { name: 'image', formData: { kind: 'avatar' }, idempotencyKey: 'upload-key-1' });
    expect(wx.__api.calls[0]).toMatchObject({ method: 'POST', filePath: 'wxfile://tmp_1.jpg', name: 'image', formData: { kind: 'avatar' } });
    expect(wx.__api.calls[0].header['Idempotency-Key']).toBe('upload-key-1');
  });

  test('401 TOKEN_EXPIRED: refreshes once and uploads again with the new token and the same key', async () => {
    seedSession(wx);
    wx.__api.on('POST /me/avatar', (req) =>
      req.header.Authorization === 'Bearer access-2'
        ? { data: USER }
        : { statusCode: 401, data: errorBody(401, 'TOKEN_EXPIRED', '登录已过期') });
    wx.__api.on('POST /auth/refresh', { data: { access_token: 'access-2', refresh_token: 'refresh-2', workspace: 'member' } });
    await expect(http.upload('/me/avatar', 'http://tmp/avatar.png')).resolves.toEqual(USER);
    const uploads = wx.__api.callsTo('POST', '/me/avatar');
    expect(uploads).toHaveLength(2);
    expect(uploads.map((c) => c.filePath)).toEqual(['http://tmp/avatar.png', 'http://tmp/avatar.png']);
    expect(uploads[1].header['Idempotency-Key']).toBe(uploads[0].header['Idempotency-Key']);
    const refreshes = wx.__api.callsTo('POST', '/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].header.Authorization).toBe('Bearer refresh-1');
    expect(wx.request).toHaveBeenCalledTimes(1); // only the refresh went through wx.request
    expect(session.getAccessToken()).toBe('access-2');
    expect(wx.showToast).not.toHaveBeenCalled();
  });

  test('a failed refresh ends the session and rejects the upload as handled', async () => {
    seedSession(wx);
    wx.__api.on('POST /me/avatar', { statusCode: 401, data: errorBody(401, 'TOKEN_EXPIRED', '登录已过期') });
    wx.__api.on('POST /auth/refresh', { statusCode: 401, data: errorBody(401, 'TOKEN_REVOKED', '令牌已失效') });
    const error = await http.upload('/me/avatar', 'http://tmp/avatar.png', { showError: false }).catch((e) => e);
    expect(error).toMatchObject({ error_code: 'SESSION_EXPIRED', handled: true });
    expect(wx.__api.callsTo('POST', '/me/avatar')).toHaveLength(1);
    expect(session.isLoggedIn()).toBe(false);
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/auth/login/index' }));
  });

  test('422 passes the server error (with errors.file) and toasts its message unless showError is false', async () => {
    seedSession(wx);
    const body = errorBody(422, 'VALIDATION_ERROR', '提交的数据有误', { errors: { file: ['图片不能超过 2 MB'] } });
    wx.__api.on('POST /me/avatar', { statusCode: 422, data: body });

    const quiet = await http.upload('/me/avatar', 'http://tmp/big.png', { showError: false }).catch((e) => e);
    expect(quiet).toMatchObject({ code: 422, statusCode: 422, error_code: 'VALIDATION_ERROR', message: '提交的数据有误', errors: { file: ['图片不能超过 2 MB'] } });
    expect(wx.showToast).not.toHaveBeenCalled();

    const loud = await http.upload('/me/avatar', 'http://tmp/big.png').catch((e) => e);
    expect(loud.errors.file).toEqual(['图片不能超过 2 MB']);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '提交的数据有误', icon: 'none' }));
    expect(session.isLoggedIn()).toBe(true);
  });

  test('a non-JSON error body (e.g. 413 from a proxy) still rejects in the error shape; network failures too', async () => {
    seedSession(wx);
    wx.__api.on('POST /me/avatar', { statusCode: 413, data: '<html>413 Request Entity Too Large</html>' });
    const tooLarge = await http.upload('/me/avatar', 'http://tmp/huge.png', { showError: false }).catch((e) => e);
    expect(tooLarge).toMatchObject({ code: 413, statusCode: 413, error_code: 'HTTP_413' });
    expect(tooLarge.message).toMatch(/服务器/);

    wx.__api.on('POST /me/avatar', { networkError: 'timeout' });
    const timedOut = await http.upload('/me/avatar', 'http://tmp/a.png', { showError: false }).catch((e) => e);
    expect(timedOut).toMatchObject({ code: 0, error_code: 'TIMEOUT' });
  });
});
