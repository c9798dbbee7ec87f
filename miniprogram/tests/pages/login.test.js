const { createWx, errorBody, flush } = require('../helpers/wx-mock');
const { installPageShim, mountPage } = require('../helpers/page-shim');

const USER = { id: 7, member_no: 'M0000007', phone: '13800000001', nickname: '蟹友', has_password: false };

function loginAnswer(overrides) {
  return Object.assign(
    { access_token: 'acc', refresh_token: 'ref', token_type: 'Bearer', expires_in: 1800, workspace: 'member', password_change_required: false, user: USER, is_new_user: false },
    overrides,
  );
}

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  installPageShim(wx);
});

afterEach(() => {
  jest.useRealTimers();
});

test('renders the three login modes with the WeChat one first', async () => {
  const page = await mountPage('pages/auth/login/index');
  expect(page.dom.textContent).toContain('微信一键登录');
  expect(page.dom.textContent).toContain('验证码登录');
  expect(page.dom.textContent).toContain('密码登录');
  expect(page.querySelector('#sms-login')).toBeFalsy();
  page.instance.switchMode({ currentTarget: { dataset: { mode: 'sms' } } });
  expect(page.querySelector('#sms-login')).toBeTruthy();
  expect(page.querySelector('#send-code').dom.textContent).toBe('获取验证码');
});

test('login needs the agreement to be accepted', async () => {
  const page = await mountPage('pages/auth/login/index');
  await page.instance.onWechatLogin();
  expect(wx.login).not.toHaveBeenCalled();
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: expect.stringContaining('用户协议') }));
});

test('SMS code: invalid phone is refused locally; the countdown follows resend_after', async () => {
  wx.__api.on('POST /auth/sms-codes', { statusCode: 201, data: { expires_in: 300, resend_after: 45 } });
  const page = await mountPage('pages/auth/login/index');
  page.instance.switchMode({ currentTarget: { dataset: { mode: 'sms' } } });

  page.instance.onPhoneInput({ detail: { value: '12345' } });
  await page.instance.onSendCode();
  expect(wx.__api.calls).toHaveLength(0);
  expect(page.instance.data.errors.phone).toBe('请输入正确的11位手机号');

  jest.useFakeTimers();
  page.instance.onPhoneInput({ detail: { value: '13800000001' } });
  const sending = page.instance.onSendCode();
  await jest.advanceTimersByTimeAsync(0);
  await sending;
  expect(wx.__api.calls[0]).toMatchObject({ method: 'POST', path: '/auth/sms-codes', data: { phone: '13800000001', purpose: 'login' } });
  expect(page.instance.data.countdown).toBe(45);
  expect(page.querySelector('#send-code').dom.textContent).toBe('45s后重发');

  await page.instance.onSendCode(); // ignored while counting down
  expect(wx.__api.calls).toHaveLength(1);

  await jest.advanceTimersByTimeAsync(44000);
  expect(page.instance.data.countdown).toBe(1);
  await jest.advanceTimersByTimeAsync(1000);
  expect(page.instance.data.countdown).toBe(0);
  expect(page.querySelector('#send-code').dom.textContent).toBe('获取验证码');
});

test('SMS code: 429 starts the countdown from retry_after and shows the server message', async () => {
  wx.__api.on('POST /auth/sms-codes', { statusCode: 429, data: errorBody(429, 'RATE_LIMITED', '发送太频繁，请42秒后再试', { retry_after: 42 }) });
  const page = await mountPage('pages/auth/login/index');
  page.instance.switchMode({ currentTarget: { dataset: { mode: 'sms' } } });
  page.instance.onPhoneInput({ detail: { value: '13800000001' } });
  await page.instance.onSendCode();
  expect(page.instance.data.countdown).toBe(42);
  expect(page.instance.data.sending).toBe(false);
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '发送太频繁，请42秒后再试' }));
  expect(wx.showToast).toHaveBeenCalledTimes(1); // request.js did not toast too
  page.instance.onUnload();
});

test('SMS login stores the session and goes to 我的', async () => {
  wx.__api.on('POST /auth/sms-login', { data: loginAnswer() });
  wx.__storage.set('session.pendingInviteToken', 'inv-1');
  const page = await mountPage('pages/auth/login/index');
  page.instance.switchMode({ currentTarget: { dataset: { mode: 'sms' } } });
  page.instance.toggleAgree();
  page.instance.onPhoneInput({ detail: { value: '13800000001' } });
  page.instance.onCodeInput({ detail: { value: '123456' } });
  await page.instance.onSmsLogin();
  expect(wx.__api.calls[0].data).toEqual({ phone: '13800000001', code: '123456', invite_token: 'inv-1' });
  expect(wx.__api.calls[0].header.Authorization).toBeUndefined();
  expect(wx.__storage.get('session.accessToken')).toBe('acc');
  expect(wx.__storage.get('session.refreshToken')).toBe('ref');
  expect(wx.__storage.get('session.user')).toEqual(USER);
  expect(wx.__storage.has('session.pendingInviteToken')).toBe(false);
  expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/user/center/index' });
});

test('SMS login maps 422 field errors onto the form and re-enables the button', async () => {
  wx.__api.on('POST /auth/sms-login', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '验证码错误', { errors: { code: ['验证码错误或已过期'] } }) });
  const page = await mountPage('pages/auth/login/index');
  page.instance.switchMode({ currentTarget: { dataset: { mode: 'sms' } } });
  page.instance.toggleAgree();
  page.instance.onPhoneInput({ detail: { value: '13800000001' } });
  page.instance.onCodeInput({ detail: { value: '000000' } });
  const pending = page.instance.onSmsLogin();
  expect(page.instance.data.submitting).toBe(true);
  await pending;
  expect(page.instance.data.submitting).toBe(false);
  expect(page.instance.data.errors.code).toBe('验证码错误或已过期');
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '验证码错误' }));
  expect(wx.__storage.has('session.accessToken')).toBe(false);
});

test('the submit button is disabled while the request is in flight', async () => {
  wx.__api.on('POST /auth/password-login', { data: loginAnswer() });
  const page = await mountPage('pages/auth/login/index');
  page.instance.switchMode({ currentTarget: { dataset: { mode: 'password' } } });
  page.instance.toggleAgree();
  page.instance.onPhoneInput({ detail: { value: '13800000001' } });
  page.instance.onPasswordInput({ detail: { value: 'abcd1234' } });
  const first = page.instance.onPasswordLogin();
  const second = page.instance.onPasswordLogin(); // double tap
  expect(page.instance.data.submitting).toBe(true);
  await Promise.all([first, second]);
  expect(wx.__api.callsTo('POST', '/auth/password-login')).toHaveLength(1);
  expect(wx.__api.calls[0].data).toEqual({ phone: '13800000001', password: 'abcd1234' });
});

test('WeChat login without a phone asks to bind one with the phone-number button', async () => {
  wx.__api.on('POST /auth/wechat-login', { data: loginAnswer({ user: Object.assign({}, USER, { phone: null }), is_new_user: true }) });
  wx.__api.on('POST /me/phone/wechat', (req) => ({ data: Object.assign({}, USER, { phone: '13900000009' }), echo: req }));
  const page = await mountPage('pages/auth/login/index');
  page.instance.toggleAgree();
  await page.instance.onWechatLogin();
  expect(wx.login).toHaveBeenCalled();
  expect(wx.__api.calls[0].data).toEqual({ code: 'wx-login-code' });
  expect(page.instance.data.step).toBe('bindPhone');
  expect(page.querySelector('#bind-phone')).toBeTruthy();

  await page.instance.onGetPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail user deny' } });
  expect(wx.__api.callsTo('POST', '/me/phone/wechat')).toHaveLength(0);

  await page.instance.onGetPhoneNumber({ detail: { code: 'phone-code' } });
  const bind = wx.__api.callsTo('POST', '/me/phone/wechat')[0];
  expect(bind.data).toEqual({ code: 'phone-code' });
  expect(bind.header.Authorization).toBe('Bearer acc');
  expect(wx.__storage.get('session.user').phone).toBe('13900000009');
  expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/user/center/index' });
});

test('in develop a configured fake openid replaces the wx.login code', async () => {
  wx.__storage.set('dev.fakeOpenid', 'tester');
  wx.__api.on('POST /auth/wechat-login', { data: loginAnswer() });
  const page = await mountPage('pages/auth/login/index');
  page.instance.toggleAgree();
  await page.instance.onWechatLogin();
  expect(wx.__api.calls[0].data).toEqual({ code: 'openid:tester' });
});

test('a login that must change its password goes to the password page', async () => {
  wx.__api.on('POST /auth/password-login', { data: loginAnswer({ password_change_required: true }) });
  const page = await mountPage('pages/auth/login/index');
  page.instance.switchMode({ currentTarget: { dataset: { mode: 'password' } } });
  page.instance.toggleAgree();
  page.instance.onPhoneInput({ detail: { value: '13800000001' } });
  page.instance.onPasswordInput({ detail: { value: 'whatever1' } });
  await page.instance.onPasswordLogin();
  expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/settings/password/index?force=1' });
  await flush();
});

test('phone binding by SMS code (purpose bind, with the token) when the phone-number button is not available', async () => {
  wx.__api.on('POST /auth/wechat-login', { data: loginAnswer({ user: Object.assign({}, USER, { phone: null }) }) });
  wx.__api.on('POST /auth/sms-codes', { statusCode: 201, data: { expires_in: 300, resend_after: 60 } });
  wx.__api.on('POST /me/phone/sms', (req) => ({ data: Object.assign({}, USER, { phone: req.data.phone }) }));
  const page = await mountPage('pages/auth/login/index');
  page.instance.toggleAgree();
  await page.instance.onWechatLogin();
  page.instance.toggleBindBySms();
  expect(page.querySelector('#sms-bind')).toBeTruthy();

  page.instance.onPhoneInput({ detail: { value: '13700000007' } });
  await page.instance.onSendCode();
  const sent = wx.__api.callsTo('POST', '/auth/sms-codes')[0];
  expect(sent.data).toEqual({ phone: '13700000007', purpose: 'bind' });
  expect(sent.header.Authorization).toBe('Bearer acc');

  page.instance.onCodeInput({ detail: { value: '654321' } });
  await page.instance.onSmsBind();
  expect(wx.__api.callsTo('POST', '/me/phone/sms')[0].data).toEqual({ phone: '13700000007', code: '654321' });
  expect(wx.__storage.get('session.user').phone).toBe('13700000007');
  expect(wx.switchTab).toHaveBeenCalled();
  page.instance.onUnload();
});

test('opened with ?step=bindPhone by a logged-in user it starts at the binding step', async () => {
  wx.__storage.set('session.accessToken', 'a');
  wx.__storage.set('session.refreshToken', 'r');
  const page = await mountPage('pages/auth/login/index', { step: 'bindPhone' });
  expect(page.instance.data.step).toBe('bindPhone');
  expect(page.querySelector('#bind-phone')).toBeTruthy();
});

test('a rejected invite token is dropped so the next login attempt goes through', async () => {
  wx.__storage.set('session.pendingInviteToken', 'gone1');
  wx.__api.on('POST /auth/sms-login', (req) => (req.data.invite_token
    ? { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '邀请码格式不正确', { errors: { invite_token: ['邀请码格式不正确'] } }) }
    : { data: loginAnswer() }));
  const page = await mountPage('pages/auth/login/index');
  page.instance.switchMode({ currentTarget: { dataset: { mode: 'sms' } } });
  page.instance.toggleAgree();
  page.instance.onPhoneInput({ detail: { value: '13800000001' } });
  page.instance.onCodeInput({ detail: { value: '123456' } });
  await page.instance.onSmsLogin();
  expect(wx.__storage.has('session.pendingInviteToken')).toBe(false);
  await page.instance.onSmsLogin();
  expect(wx.__storage.get('session.accessToken')).toBe('acc');
});
