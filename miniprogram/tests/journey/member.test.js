/**
 * Member journeys against the real backend (started by global-setup.js): pages and services run unchanged, only
 * wx.request / wx.downloadFile / wx.uploadFile do real HTTP.
 */
const crypto = require('crypto');
const fs = require('fs');
const { createHttpWx, api } = require('../helpers/http-wx');
const { installPageShim, mountPage, flush } = require('../helpers/page-shim');
const { waitFor, failedCalls, PNG_1X1, tempFiles, samePicture } = require('../helpers/journey');

jest.setTimeout(60000);

const BASE = process.env.JOURNEY_API_BASE;
const JWT_SECRET = process.env.JOURNEY_JWT_SECRET;
const describeJourney = BASE ? describe : describe.skip;
if (!BASE) {
  process.stderr.write(`[journey] skipped: ${process.env.JOURNEY_SKIP_REASON || 'JOURNEY_API_BASE not set'}\n`);
}

const { tempFile, cleanup } = tempFiles('crab-journey-avatar-');
afterAll(cleanup);

function randomPhone() {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

async function smsCodeFor(phone) {
  const inbox = await waitFor(async () => {
    const res = await api(BASE, 'GET', `/dev/sms-inbox?phone=${phone}`);
    return res.status === 200 && res.data.items && res.data.items.length ? res.data : null;
  }, `the SMS to ${phone} in the dev inbox`);
  return String(inbox.items[0].params.code);
}

function fill(page, values) {
  Object.keys(values).forEach((field) => page.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value: values[field] } }));
}

function base64url(buffer) {
  return buffer.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** The same access token, re-signed with exp in the past: what the client holds after 30 idle minutes. */
function expiredCopy(token) {
  const [header, payload] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  claims.exp = Math.floor(Date.now() / 1000) - 60;
  const body = `${header}.${base64url(Buffer.from(JSON.stringify(claims)))}`;
  return `${body}.${base64url(crypto.createHmac('sha256', JWT_SECRET).update(body).digest())}`;
}

describeJourney('member journey (real backend)', () => {
  let wx;

  beforeEach(() => {
    jest.resetModules();
    wx = createHttpWx({ envVersion: 'develop' });
    wx.__storage.set('dev.apiBaseUrl', BASE);
    installPageShim(wx);
  });

  async function loginBySms(phone) {
    const login = await mountPage('pages/auth/login/index');
    login.instance.switchMode({ currentTarget: { dataset: { mode: 'sms' } } });
    login.instance.toggleAgree();
    login.instance.onPhoneInput({ detail: { value: phone } });
    await login.instance.onSendCode();
    expect(failedCalls(wx)).toEqual([]);
    expect(login.instance.data.countdown).toBeGreaterThan(0);
    login.instance.onUnload();
    login.instance.onCodeInput({ detail: { value: await smsCodeFor(phone) } });
    await login.instance.onSmsLogin();
    expect(failedCalls(wx)).toEqual([]);
    return login;
  }

  test('SMS login → edit profile → add two addresses → switch the default → verify via GET /me/addresses', async () => {
    const phone = randomPhone();

    // 1. SMS login with the code from the dev inbox
    await loginBySms(phone);
    expect(wx.__storage.get('session.accessToken')).toBeTruthy();
    expect(wx.__storage.get('session.refreshToken')).toBeTruthy();
    expect(wx.__storage.get('session.user').phone).toBe(phone);
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/user/center/index' });

    // 2. edit the profile
    const profile = await mountPage('pages/user/profile/index');
    await waitFor(() => profile.instance.data.status !== 'loading', 'the profile');
    expect(profile.instance.data.status).toBe('ready');
    profile.instance.onNicknameInput({ detail: { value: '旅程蟹友' } });
    profile.instance.onRealNameInput({ detail: { value: '张三' } });
    profile.instance.onGenderChange({ detail: { value: '1' } });
    await profile.instance.onSave();
    expect(failedCalls(wx)).toEqual([]);
    const me = await api(BASE, 'GET', '/me', wx.__storage.get('session.accessToken'));
    expect(me.data).toMatchObject({ nickname: '旅程蟹友', real_name: '张三', gender: 1, phone });

    // 2b. avatar: a file that is no picture is refused (422 errors.file) and the old avatar stays; a real PNG is
    // uploaded as multipart (field `file`) and served back as image/png
    const avatarPage = await mountPage('pages/user/profile/index');
    await waitFor(() => avatarPage.instance.data.status !== 'loading', 'the profile');
    const avatarBefore = avatarPage.instance.data.avatarSrc;
    await avatarPage.instance.onChooseAvatar({ detail: { avatarUrl: tempFile('not-a-picture.png', 'hello, not a PNG') } });
    const refused = wx.__httpLog.filter((e) => e.upload).pop();
    expect(refused.status).toBe(422);
    expect(refused.answer.errors.file[0]).toBeTruthy();
    expect(avatarPage.instance.data.errors.avatar).toBe(refused.answer.errors.file[0]);
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: refused.answer.errors.file[0] }));
    expect(avatarPage.instance.data.avatarSrc).toBe(avatarBefore);
    wx.__httpLog.length = 0;

    await avatarPage.instance.onChooseAvatar({ detail: { avatarUrl: tempFile('avatar.png', PNG_1X1) } });
    expect(failedCalls(wx)).toEqual([]);
    const stored = await api(BASE, 'GET', '/me', wx.__storage.get('session.accessToken'));
    const avatarPath = stored.data.avatar_url;
    expect(avatarPath).toMatch(new RegExp(`^/files/avatars/${stored.data.id}/[^/]+\\.png$`));
    expect(wx.__storage.get('session.user').avatar_url).toBe(avatarPath);
    const origin = BASE.replace(/\/api\/v1$/, '');
    expect(avatarPage.instance.data.avatarSrc).toBe(origin + avatarPath);
    expect(avatarPage.instance.data.errors.avatar).toBe('');
    const picture = await globalThis.nodeFetch.fetch(avatarPage.instance.data.avatarSrc);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toMatch(/^image\/png/);
    expect(samePicture(Buffer.from(await picture.arrayBuffer()))).toBe(true);

    // 3. two addresses, the first one default
    const first = await mountPage('pages/address/edit/index');
    fill(first, { receiver_name: '张三', receiver_phone: phone, detail: '阳澄湖镇湖滨路1号', postcode: '215138' });
    first.instance.onRegionChange({ detail: { value: ['江苏省', '苏州市', '相城区'] } });
    first.instance.onDefaultChange({ detail: { value: true } });
    await first.instance.onSave();
    expect(failedCalls(wx)).toEqual([]);

    const second = await mountPage('pages/address/edit/index');
    fill(second, { receiver_name: '李四', receiver_phone: '021-62880000', detail: '南京西路1266号' });
    second.instance.onRegionChange({ detail: { value: ['上海市', '上海市', '静安区'] } });
    await second.instance.onSave();
    expect(failedCalls(wx)).toEqual([]);

    // 4. the list shows the default first; make the second address the default
    const list = await mountPage('pages/address/list/index');
    await waitFor(() => list.instance.data.status !== 'loading', 'the address list');
    const items = list.instance.data.items;
    expect(items.map((a) => a.receiver_name)).toEqual(['张三', '李四']);
    expect(items.map((a) => a.is_default)).toEqual([true, false]);
    await list.instance.onSetDefault({ currentTarget: { dataset: { id: items[1].id } } });
    expect(failedCalls(wx)).toEqual([]);
    expect(list.instance.data.items.map((a) => a.receiver_name)).toEqual(['李四', '张三']);

    // 5. verify through GET /me/addresses
    const check = await api(BASE, 'GET', '/me/addresses', wx.__storage.get('session.accessToken'));
    expect(check.status).toBe(200);
    expect(check.data.items).toHaveLength(2);
    expect(check.data.items[0]).toMatchObject({ receiver_name: '李四', receiver_phone: '021-62880000', is_default: true, province: '上海市', district: '静安区' });
    expect(check.data.items[1]).toMatchObject({ receiver_name: '张三', is_default: false, postcode: '215138' });

    // 6. 我的 shows the profile and the member workspace; the agreement opens
    const center = await mountPage('pages/user/center/index');
    await waitFor(() => center.instance.data.workspaces.length > 0 || center.instance.data.status === 'error', '我的');
    expect(center.instance.data.user.displayName).toBe('旅程蟹友');
    expect(center.instance.data.user.avatarSrc).toBe(origin + avatarPath);
    expect(center.instance.data.currentWorkspace).toBe('member');

    const agreement = await mountPage('pages/content/agreement/index', { code: 'user-agreement' });
    await waitFor(() => agreement.instance.data.status !== 'loading', 'the agreement');
    expect(agreement.instance.data.status).toBe('ready');
    expect(agreement.instance.data.agreement.title).toBeTruthy();

    // 7. deleting the default leaves none: the page asks the user to pick one
    await list.instance.onDelete({ currentTarget: { dataset: { id: list.instance.data.items[0].id } } });
    expect(list.instance.data.items.map((a) => a.receiver_name)).toEqual(['张三']);
    expect(list.instance.data.hasDefault).toBe(false);

    // 8. set a password, then logout revokes the token
    const password = await mountPage('pages/settings/password/index');
    await waitFor(() => password.instance.data.status !== 'loading', 'the password page');
    expect(password.instance.data.hasPassword).toBe(false);
    fill(password, { new_password: 'Crab2026ok', confirm_password: 'Crab2026ok' });
    await password.instance.onSave();
    expect(failedCalls(wx)).toEqual([]);

    const settings = await mountPage('pages/settings/index/index');
    const tokenBefore = wx.__storage.get('session.accessToken');
    await settings.instance.onLogout();
    await flush();
    expect(wx.__storage.has('session.accessToken')).toBe(false);
    expect((await api(BASE, 'GET', '/me', tokenBefore)).status).toBe(401);

    // 9. password login with the new password
    const again = await mountPage('pages/auth/login/index');
    again.instance.switchMode({ currentTarget: { dataset: { mode: 'password' } } });
    again.instance.toggleAgree();
    again.instance.onPhoneInput({ detail: { value: phone } });
    again.instance.onPasswordInput({ detail: { value: 'Crab2026ok' } });
    await again.instance.onPasswordLogin();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__storage.get('session.user').nickname).toBe('旅程蟹友');
  });

  (JWT_SECRET ? test : test.skip)('an expired access token is refreshed once for parallel calls; a revoked refresh token ends the session', async () => {
    await loginBySms(randomPhone());
    const firstRefreshToken = wx.__storage.get('session.refreshToken');
    wx.__storage.set('session.accessToken', expiredCopy(wx.__storage.get('session.accessToken')));
    wx.__httpLog.length = 0;

    // 我的 loads GET /me and GET /me/workspaces in parallel: both meet TOKEN_EXPIRED, one refresh serves both
    const center = await mountPage('pages/user/center/index');
    await waitFor(() => center.instance.data.workspaces.length > 0 || center.instance.data.status === 'error', '我的');
    const refreshes = wx.__httpLog.filter((e) => e.url.endsWith('/auth/refresh'));
    expect(refreshes.map((e) => e.status)).toEqual([200]);
    const expired = wx.__httpLog.filter((e) => e.status === 401);
    expect(expired.length).toBeGreaterThanOrEqual(1);
    expired.forEach((e) => expect(e.answer.error_code).toBe('TOKEN_EXPIRED'));
    expect(center.instance.data.status).toBe('');
    expect(center.instance.data.user.phone).toBeTruthy();
    expect(wx.navigateTo).not.toHaveBeenCalled();
    expect(wx.__storage.get('session.refreshToken')).not.toBe(firstRefreshToken);

    // the old refresh token was revoked by the rotation: using it ends the session and opens login
    wx.__storage.set('session.accessToken', expiredCopy(wx.__storage.get('session.accessToken')));
    wx.__storage.set('session.refreshToken', firstRefreshToken);
    const http = require('../../utils/request');
    await expect(http.get('/me', undefined, { showError: false })).rejects.toMatchObject({ error_code: 'SESSION_EXPIRED' });
    expect(wx.__storage.has('session.accessToken')).toBe(false);
    expect(wx.navigateTo).toHaveBeenCalledWith(expect.objectContaining({ url: '/pages/auth/login/index' }));
  });

  test('WeChat login (fake openid) → bind the phone with the phone-number button', async () => {
    wx.__storage.set('dev.fakeOpenid', `journey${Date.now()}`);
    const login = await mountPage('pages/auth/login/index');
    login.instance.toggleAgree();
    await login.instance.onWechatLogin();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__storage.get('session.accessToken')).toBeTruthy();
    expect(login.instance.data.step).toBe('bindPhone');

    const phone = randomPhone();
    await login.instance.onGetPhoneNumber({ detail: { code: `phone:${phone}` } });
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__storage.get('session.user').phone).toBe(phone);
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/user/center/index' });
  });

  test('WeChat login (fake openid) → bind the phone by SMS code', async () => {
    wx.__storage.set('dev.fakeOpenid', `journeysms${Date.now()}`);
    const login = await mountPage('pages/auth/login/index');
    login.instance.toggleAgree();
    await login.instance.onWechatLogin();
    expect(login.instance.data.step).toBe('bindPhone');
    login.instance.toggleBindBySms();

    const phone = randomPhone();
    login.instance.onPhoneInput({ detail: { value: phone } });
    await login.instance.onSendCode();
    login.instance.onUnload();
    login.instance.onCodeInput({ detail: { value: await smsCodeFor(phone) } });
    await login.instance.onSmsBind();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__storage.get('session.user').phone).toBe(phone);
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/user/center/index' });
  });

  test('invite QR: POST /invites, then the PNG downloaded with the token', async () => {
    await loginBySms(randomPhone());
    const invite = await mountPage('pages/invite/qrcode/index');
    await waitFor(() => invite.instance.data.status !== 'loading', 'the invite QR', 20000);
    expect(failedCalls(wx)).toEqual([]);
    expect(invite.instance.data.status).toBe('ready');
    const png = fs.readFileSync(invite.instance.data.qrcodePath);
    expect(png.slice(0, 4).toString('hex')).toBe('89504e47');
    expect(invite.instance.data.invite.token).toBeTruthy();
  });

  test('invite registration: a new member opening the invite QR (scene inv=<token>) is attached to the inviter', async () => {
    await loginBySms(randomPhone());
    const inviter = wx.__storage.get('session.user');
    const inviteService = require('../../services/invite');
    const invite = await inviteService.createInvite();
    expect(invite.scene).toBe(`inv=${invite.token}`);

    // a new person: fresh storage, the app launched from the QR code
    require('../../utils/session').clear();
    let app;
    global.App = (definition) => {
      app = definition;
    };
    require('../../app');
    app.onLaunch({ path: 'pages/home/index/index', query: { scene: encodeURIComponent(invite.scene) } });
    expect(wx.__storage.get('session.pendingInviteToken')).toBe(invite.token);

    await loginBySms(randomPhone());
    const invitee = wx.__storage.get('session.user');
    expect(invitee.id).not.toBe(inviter.id);
    expect(invitee.invited_by_id).toBe(inviter.id);
    expect(wx.__storage.has('session.pendingInviteToken')).toBe(false);
  });
});
