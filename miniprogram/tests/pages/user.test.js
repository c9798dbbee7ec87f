const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage, text } = require('../helpers/page-shim');

const USER = {
  id: 7, member_no: 'M0000007', phone: '13800000001', nickname: '蟹友', avatar_url: '', real_name: '', gender: 0, has_password: true,
};

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  installPageShim(wx);
});

describe('我的', () => {
  test('logged out: a login entry and no request', async () => {
    const page = await mountPage('pages/user/center/index');
    expect(page.querySelector('#login-button')).toBeTruthy();
    expect(wx.request).not.toHaveBeenCalled();
    page.instance.onMenuTap({ currentTarget: { dataset: { url: '/pages/address/list/index' } } });
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/auth/login/index' });
  });

  test('logged in: profile summary, menu, and no switch for a single workspace', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: USER });
    wx.__api.on('GET /me/workspaces', { data: { current: 'member', items: [{ workspace: 'member', label: '会员' }] } });
    const page = await mountPage('pages/user/center/index');
    expect(text(page, '#display-name')).toBe('蟹友');
    expect(page.dom.textContent).toContain('M0000007');
    expect(page.dom.textContent).toContain('138****0001');
    expect(page.dom.textContent).toContain('收货地址');
    expect(page.querySelector('#workspace-label')).toBeFalsy();
    expect(page.instance.data.user.avatarSrc).toBe('/assets/avatar-default.png');
  });

  test('the avatar is shown through utils/url.js: server paths become absolute, full URLs stay', async () => {
    seedSession(wx, { 'session.user': Object.assign({}, USER, { avatar_url: '/files/avatars/7/cached.png' }) });
    let avatar = '/files/avatars/7/abc.png';
    wx.__api.on('GET /me', () => ({ data: Object.assign({}, USER, { avatar_url: avatar }) }));
    wx.__api.on('GET /me/workspaces', { data: { current: 'member', items: [{ workspace: 'member', label: '会员' }] } });
    const page = await mountPage('pages/user/center/index');
    expect(page.instance.data.user.avatarSrc).toBe('http://api.test/files/avatars/7/abc.png');

    avatar = 'https://cdn.crab.example.com/files/avatars/7/abc.png';
    await page.instance.refresh();
    expect(page.instance.data.user.avatarSrc).toBe('https://cdn.crab.example.com/files/avatars/7/abc.png');
  });

  test('switches workspace through POST /auth/workspace and stores the new tokens', async () => {
    seedSession(wx);
    let current = 'member';
    wx.__api.on('GET /me', { data: USER });
    wx.__api.on('GET /me/workspaces', () => ({
      data: { current, items: [{ workspace: 'member', label: '会员' }, { workspace: 'dealer:3', label: '渠道商·阳澄湖旗舰店' }] },
    }));
    wx.__api.on('POST /auth/workspace', (req) => {
      current = req.data.workspace;
      return { data: { access_token: 'acc-dealer', refresh_token: 'ref-dealer', workspace: current, password_change_required: false, user: USER } };
    });
    const page = await mountPage('pages/user/center/index');
    expect(text(page, '#workspace-label')).toBe('会员');

    wx.__actionSheetIndex = 1;
    await page.instance.onSwitchWorkspace();
    await flush();
    const switchCall = wx.__api.callsTo('POST', '/auth/workspace')[0];
    expect(switchCall.data).toEqual({ workspace: 'dealer:3' });
    expect(switchCall.header['Idempotency-Key']).toBeTruthy();
    expect(wx.__storage.get('session.accessToken')).toBe('acc-dealer');
    expect(wx.__storage.get('session.workspace')).toBe('dealer:3');
    expect(text(page, '#workspace-label')).toBe('渠道商·阳澄湖旗舰店');
    expect(wx.__api.callsTo('GET', '/me').pop().header.Authorization).toBe('Bearer acc-dealer');
  });

  test('picking the current workspace or cancelling does nothing', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: USER });
    wx.__api.on('GET /me/workspaces', { data: { current: 'member', items: [{ workspace: 'member', label: '会员' }, { workspace: 'sales', label: '销售' }] } });
    const page = await mountPage('pages/user/center/index');
    wx.__actionSheetIndex = 0;
    await page.instance.onSwitchWorkspace();
    wx.__actionSheetIndex = -1;
    await page.instance.onSwitchWorkspace();
    expect(wx.__api.callsTo('POST', '/auth/workspace')).toHaveLength(0);
  });

  test('a load error with nothing cached shows the error state; pull-to-refresh stops the spinner', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { statusCode: 500, data: errorBody(500, 'INTERNAL_ERROR', '服务器错误') });
    wx.__api.on('GET /me/workspaces', { data: { current: 'member', items: [] } });
    const page = await mountPage('pages/user/center/index');
    expect(page.instance.data.status).toBe('error');
    expect(page.dom.textContent).toContain('服务器错误');
    page.instance.onPullDownRefresh();
    await flush();
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });
});

describe('个人资料', () => {
  test('loads the user and saves the edited fields with PATCH /me', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: USER });
    wx.__api.on('PATCH /me', (req) => ({ data: Object.assign({}, USER, req.data) }));
    const page = await mountPage('pages/user/profile/index');
    expect(page.instance.data.form.nickname).toBe('蟹友');
    expect(text(page, '#gender')).toBe('未知');

    page.instance.onNicknameInput({ detail: { value: '阳澄湖蟹友' } });
    page.instance.onRealNameInput({ detail: { value: '张三' } });
    page.instance.onGenderChange({ detail: { value: '2' } });
    expect(text(page, '#gender')).toBe('女');
    await page.instance.onSave();
    const patch = wx.__api.callsTo('PATCH', '/me')[0];
    expect(patch.data).toEqual({ nickname: '阳澄湖蟹友', real_name: '张三', gender: 2 });
    expect(wx.__storage.get('session.user').nickname).toBe('阳澄湖蟹友');
  });

  test('an empty nickname is refused before any request; server field errors are shown', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: USER });
    wx.__api.on('PATCH /me', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '昵称包含敏感词', { errors: { nickname: ['昵称包含敏感词'] } }) });
    const page = await mountPage('pages/user/profile/index');
    page.instance.onNicknameInput({ detail: { value: ' ' } });
    await page.instance.onSave();
    expect(wx.__api.callsTo('PATCH', '/me')).toHaveLength(0);
    expect(page.instance.data.errors.nickname).toBe('请输入昵称');

    page.instance.onNicknameInput({ detail: { value: '坏词' } });
    await page.instance.onSave();
    expect(page.instance.data.errors.nickname).toBe('昵称包含敏感词');
    expect(page.dom.textContent).toContain('昵称包含敏感词');
    expect(page.instance.data.saving).toBe(false);
  });

  test('the avatar is uploaded as soon as it is chosen; the page shows the stored one as an absolute URL', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: USER });
    wx.__api.on('POST /me/avatar', { data: Object.assign({}, USER, { avatar_url: '/files/avatars/7/new.png' }), progress: [30, 100] });
    wx.__api.on('PATCH /me', (req) => ({ data: Object.assign({}, USER, { avatar_url: '/files/avatars/7/new.png' }, req.data) }));
    const page = await mountPage('pages/user/profile/index');
    expect(page.instance.data.avatarSrc).toBe('/assets/avatar-default.png');

    const uploading = page.instance.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/chosen.png' } });
    // while the upload runs: button and 保存 disabled, progress shown, the old avatar still there
    expect(page.instance.data.avatarUploading).toBe(true);
    expect(page.querySelector('#avatar-progress')).toBeTruthy();
    expect(page.instance.data.avatarSrc).toBe('/assets/avatar-default.png');
    page.instance.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/second-tap.png' } }); // ignored while busy
    await page.instance.onSave(); // ignored while busy
    await uploading;

    const uploads = wx.__api.callsTo('POST', '/me/avatar');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ filePath: 'http://tmp/chosen.png', name: 'file' });
    expect(uploads[0].header.Authorization).toBe('Bearer access-1');
    expect(wx.__api.callsTo('PATCH', '/me')).toHaveLength(0);
    expect(page.instance.data.avatarUploading).toBe(false);
    expect(page.querySelector('#avatar-progress')).toBeFalsy();
    expect(page.instance.data.avatarSrc).toBe('http://api.test/files/avatars/7/new.png');
    expect(wx.__storage.get('session.user').avatar_url).toBe('/files/avatars/7/new.png');
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '头像已更新' }));

    // 保存 sends only the text fields: the avatar is already stored
    await page.instance.onSave();
    expect(wx.__api.callsTo('PATCH', '/me')[0].data).toEqual({ nickname: '蟹友', real_name: '', gender: 0 });
  });

  test('a refused avatar keeps the old one and shows the server message', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: Object.assign({}, USER, { avatar_url: '/files/avatars/7/old.png' }) });
    wx.__api.on('POST /me/avatar', {
      statusCode: 422,
      data: errorBody(422, 'VALIDATION_ERROR', '提交的数据有误', { errors: { file: ['仅支持 PNG、JPG 或 WebP 图片'] } }),
    });
    const page = await mountPage('pages/user/profile/index');
    expect(page.instance.data.avatarSrc).toBe('http://api.test/files/avatars/7/old.png');

    await page.instance.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/picture.gif' } });
    expect(page.instance.data.avatarSrc).toBe('http://api.test/files/avatars/7/old.png');
    expect(page.instance.data.avatarUploading).toBe(false);
    expect(page.querySelector('#avatar-progress')).toBeFalsy();
    expect(text(page, '#avatar-error')).toBe('仅支持 PNG、JPG 或 WebP 图片');
    expect(wx.showToast).toHaveBeenCalledTimes(1); // the page's own toast, not request.js's generic one
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '仅支持 PNG、JPG 或 WebP 图片', icon: 'none' }));
    expect(wx.__storage.get('session.user').avatar_url).toBe('/files/avatars/7/old.png');

    // an error without field details shows its message; a later success clears the error
    wx.__api.on('POST /me/avatar', { statusCode: 500, data: errorBody(500, 'INTERNAL_ERROR', '服务器开小差了') });
    await page.instance.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/picture.png' } });
    expect(text(page, '#avatar-error')).toBe('服务器开小差了');
    wx.__api.on('POST /me/avatar', { data: Object.assign({}, USER, { avatar_url: 'https://cdn.crab.example.com/files/avatars/7/b.png' }) });
    await page.instance.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/picture.png' } });
    expect(page.querySelector('#avatar-error')).toBeFalsy();
    expect(page.instance.data.avatarSrc).toBe('https://cdn.crab.example.com/files/avatars/7/b.png');
  });

  test('an upload that meets an expired session leaves the toast to request.js', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: USER });
    wx.__api.on('POST /me/avatar', { statusCode: 401, data: errorBody(401, 'TOKEN_INVALID', '请先登录') });
    const page = await mountPage('pages/user/profile/index');
    await page.instance.onChooseAvatar({ detail: { avatarUrl: 'http://tmp/a.png' } });
    expect(wx.showToast).toHaveBeenCalledTimes(1);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '登录已失效，请重新登录' }));
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/auth/login/index' }));
    expect(page.instance.data.avatarSrc).toBe('/assets/avatar-default.png');
  });
});

test('every avatar <image> in the pages takes its src from utils/url.js (avatarSrc / defaultAvatar), never a raw avatar_url', () => {
  const fs = require('fs');
  const path = require('path');
  const { ROOT } = require('../helpers/page-shim');
  const wxmlFiles = [];
  (function walk(dir) {
    fs.readdirSync(dir, { withFileTypes: true }).forEach((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.wxml')) wxmlFiles.push(full);
    });
  })(path.join(ROOT, 'pages'));
  const avatarImages = [];
  wxmlFiles.forEach((file) => {
    const source = fs.readFileSync(file, 'utf8');
    expect(source).not.toMatch(/avatar_url/);
    (source.match(/<image[^>]*avatar[^>]*>/g) || []).forEach((tag) => avatarImages.push(tag));
  });
  expect(avatarImages.length).toBeGreaterThanOrEqual(3);
  avatarImages.forEach((tag) => expect(tag).toMatch(/src="\{\{(user\.)?avatarSrc\}\}"|src="\{\{defaultAvatar\}\}"/));
});
