const path = require('path');
const simulate = require('miniprogram-simulate');
const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');
const { ROOT, installPageShim, mountPage, text } = require('../helpers/page-shim');

const USER = { id: 7, member_no: 'M0000007', phone: '13800000001', nickname: '蟹友', has_password: true };

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  installPageShim(wx);
});

describe('invite QR', () => {
  test('creates an invite, downloads its PNG with the token, and saves it to the album', async () => {
    seedSession(wx);
    wx.__api.on('POST /invites', { statusCode: 201, data: { token: 'tok123', inviter_type: 'member' } });
    wx.__api.on('GET /invites/tok123/qrcode', { data: 'PNG', header: { 'Content-Type': 'image/png' } });
    const page = await mountPage('pages/invite/qrcode/index');
    expect(page.instance.data.status).toBe('ready');
    const download = wx.downloadFile.mock.calls[0][0];
    expect(download.url).toBe('http://api.test/api/v1/invites/tok123/qrcode');
    expect(download.header.Authorization).toBe('Bearer access-1');
    expect(page.instance.data.qrcodePath).toMatch(/^http:\/\/tmp\//);

    await page.instance.onSave();
    expect(wx.saveImageToPhotosAlbum.mock.calls[0][0].filePath).toBe(page.instance.data.qrcodePath);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已保存到相册' }));
    expect(page.instance.onShareAppMessage().path).toBe('/pages/home/index/index?invite_token=tok123');
  });

  test('album permission denied offers the settings page', async () => {
    seedSession(wx);
    wx.__api.on('POST /invites', { statusCode: 201, data: { token: 'tok123' } });
    wx.__api.on('GET /invites/tok123/qrcode', { data: 'PNG' });
    wx.saveImageToPhotosAlbum.mockImplementation((o) => Promise.resolve().then(() => o.fail({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' })));
    const page = await mountPage('pages/invite/qrcode/index');
    await page.instance.onSave();
    await flush();
    expect(wx.showModal).toHaveBeenCalled();
    expect(wx.openSetting).toHaveBeenCalled();
  });

  test('an error (e.g. workspace without invite rights) shows the error state with retry', async () => {
    seedSession(wx);
    wx.__api.on('POST /invites', { statusCode: 403, data: errorBody(403, 'PERMISSION_DENIED', '当前身份不能邀请') });
    const page = await mountPage('pages/invite/qrcode/index');
    expect(page.instance.data.status).toBe('error');
    expect(page.dom.textContent).toContain('当前身份不能邀请');
    expect(page.dom.textContent).toContain('重试');
  });
});

describe('settings', () => {
  test('logout revokes the tokens and forgets the session', async () => {
    seedSession(wx, { 'session.user': USER });
    wx.__api.on('POST /auth/logout', { statusCode: 204, data: '' });
    const page = await mountPage('pages/settings/index/index');
    expect(text(page, '#password-entry')).toBe('修改密码');
    await page.instance.onLogout();
    const logout = wx.__api.callsTo('POST', '/auth/logout')[0];
    expect(logout.data).toEqual({ refresh_token: 'refresh-1' });
    expect(logout.header.Authorization).toBe('Bearer access-1');
    expect(wx.__storage.has('session.accessToken')).toBe(false);
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/user/center/index' });
  });

  test('logout still ends the local session when the server call fails', async () => {
    seedSession(wx, { 'session.user': USER });
    wx.__api.on('POST /auth/logout', { networkError: 'offline' });
    const page = await mountPage('pages/settings/index/index');
    await page.instance.onLogout();
    expect(wx.__storage.has('session.accessToken')).toBe(false);
  });
});

describe('password', () => {
  function fill(page, values) {
    Object.keys(values).forEach((field) => page.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value: values[field] } }));
  }

  test('change: needs the old password and the rules; stores the new login answer', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: USER });
    wx.__api.on('PUT /me/password', { data: { access_token: 'acc-new', refresh_token: 'ref-new', workspace: 'member', password_change_required: false, user: USER } });
    const page = await mountPage('pages/settings/password/index');
    expect(page.querySelector('#old-password')).toBeTruthy();

    fill(page, { new_password: 'short', confirm_password: 'short' });
    await page.instance.onSave();
    expect(page.instance.data.errors).toEqual({ old_password: '请输入原密码', new_password: '密码长度需为8-32位' });

    fill(page, { old_password: 'oldpass1', new_password: 'newpass12', confirm_password: 'newpass13' });
    await page.instance.onSave();
    expect(page.instance.data.errors.confirm_password).toBe('两次输入的密码不一致');
    expect(wx.__api.callsTo('PUT', '/me/password')).toHaveLength(0);

    fill(page, { confirm_password: 'newpass12' });
    await page.instance.onSave();
    expect(wx.__api.callsTo('PUT', '/me/password')[0].data).toEqual({ old_password: 'oldpass1', new_password: 'newpass12' });
    expect(wx.__storage.get('session.accessToken')).toBe('acc-new');
  });

  test('set (no password yet, forced): no old password field; wrong old password from the server is shown', async () => {
    seedSession(wx, { 'session.passwordChangeRequired': true });
    wx.__api.on('GET /me', { data: Object.assign({}, USER, { has_password: false }) });
    const page = await mountPage('pages/settings/password/index');
    expect(page.instance.data.force).toBe(true);
    expect(page.dom.textContent).toContain('请先设置新的登录密码');
    expect(page.querySelector('#old-password')).toBeFalsy();

    wx.__api.on('PUT /me/password', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '密码过于简单', { errors: { new_password: ['密码过于简单'] } }) });
    fill(page, { new_password: 'abcd1234', confirm_password: 'abcd1234' });
    await page.instance.onSave();
    expect(wx.__api.callsTo('PUT', '/me/password')[0].data).toEqual({ new_password: 'abcd1234' });
    expect(page.instance.data.errors.new_password).toBe('密码过于简单');
  });
});

describe('agreement', () => {
  test('shows the text, version and date (Shanghai time), without a token', async () => {
    seedSession(wx);
    wx.__api.on('GET /agreements/privacy-policy', { data: { code: 'privacy-policy', title: '隐私政策', content: '第一条 我们重视您的隐私。', version: '1.0', updated_at: '2026-11-23T18:00:00Z' } });
    const page = await mountPage('pages/content/agreement/index', { code: 'privacy-policy' });
    expect(text(page, '#agreement-title')).toBe('隐私政策');
    expect(text(page, '#agreement-content')).toBe('第一条 我们重视您的隐私。');
    expect(page.dom.textContent).toContain('更新于 2026-11-24');
    expect(wx.__api.calls[0].header.Authorization).toBeUndefined();
  });

  test('not found shows the error state', async () => {
    wx.__api.on('GET /agreements/user-agreement', { statusCode: 404, data: errorBody(404, 'NOT_FOUND', '协议不存在') });
    const page = await mountPage('pages/content/agreement/index', { code: 'user-agreement' });
    expect(page.dom.textContent).toContain('协议不存在');
  });
});
