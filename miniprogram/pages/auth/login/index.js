/**
 * Login: WeChat (wx.login), SMS code, or phone + password. After a WeChat login without a phone the user is asked to
 * bind one with the phone-number button (skippable). A login that must change its password goes to that page first.
 */
const authService = require('../../../services/auth');
const userService = require('../../../services/user');
const env = require('../../../config/env');
const session = require('../../../utils/session');
const { countdownMethods } = require('../../../utils/countdown');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');

const USER_TAB = '/pages/user/center/index';

Page(Object.assign({}, countdownMethods, {
  data: {
    mode: 'wechat', // wechat | sms | password
    step: 'login', // login | bindPhone
    bindBySms: false, // in the bindPhone step: SMS code instead of the WeChat phone-number button
    phone: '',
    code: '',
    password: '',
    agreed: false,
    countdown: 0,
    sending: false,
    submitting: false,
    binding: false,
    errors: {},
  },

  onLoad(query) {
    this.countdownTimer = null;
    // 个人资料 sends a logged-in user without a phone here to bind one.
    if (query && query.step === 'bindPhone' && session.isLoggedIn()) this.setData({ step: 'bindPhone' });
  },

  onUnload() {
    this.stopCountdown();
  },

  switchMode(e) {
    this.setData({ mode: e.currentTarget.dataset.mode, errors: {} });
  },

  onPhoneInput(e) {
    this.setData({ phone: e.detail.value.trim(), 'errors.phone': '' });
  },

  onCodeInput(e) {
    this.setData({ code: e.detail.value.trim(), 'errors.code': '' });
  },

  onPasswordInput(e) {
    this.setData({ password: e.detail.value, 'errors.password': '' });
  },

  onAgreeChange(e) {
    this.setData({ agreed: (e.detail.value || []).length > 0 });
  },

  toggleAgree() {
    this.setData({ agreed: !this.data.agreed });
  },

  openAgreement(e) {
    wx.navigateTo({ url: `/pages/content/agreement/index?code=${e.currentTarget.dataset.code}` });
  },

  ensureAgreed() {
    if (this.data.agreed) return true;
    wxp.toast('请先阅读并同意《用户协议》和《隐私政策》');
    return false;
  },

  async onSendCode() {
    if (this.data.sending || this.data.countdown > 0) return;
    const phoneError = validate.checkPhone(this.data.phone);
    if (phoneError) {
      this.setData({ 'errors.phone': phoneError });
      wxp.toast(phoneError);
      return;
    }
    this.setData({ sending: true });
    try {
      const purpose = this.data.step === 'bindPhone' ? 'bind' : 'login';
      const res = await authService.sendSmsCode(this.data.phone, purpose, { showError: false });
      this.startCountdown(res && res.resend_after);
      wxp.toast('验证码已发送', 'success');
    } catch (err) {
      // 429: the server says how long to wait; show that on the button instead of letting the user hammer it.
      if (err && err.retry_after) this.startCountdown(err.retry_after);
      if (err && err.errors && err.errors.phone) this.setData({ 'errors.phone': validate.firstError({ phone: err.errors.phone }) });
      wxp.toast((err && err.message) || '发送失败，请稍后重试');
    } finally {
      this.setData({ sending: false });
    }
  },

  async onWechatLogin() {
    if (this.data.submitting || !this.ensureAgreed()) return;
    this.setData({ submitting: true });
    try {
      const fakeOpenid = env.getDevFakeOpenid();
      const code = fakeOpenid ? `openid:${fakeOpenid}` : (await wxp.call('login')).code;
      const answer = await authService.wechatLogin({ code });
      await this.afterLogin(answer);
    } catch (err) {
      if (err && err.errMsg && !err.error_code) wxp.toast('微信登录失败，请重试');
    } finally {
      this.setData({ submitting: false });
    }
  },

  async onSmsLogin() {
    if (this.data.submitting || !this.ensureAgreed()) return;
    const errors = {};
    const phoneError = validate.checkPhone(this.data.phone);
    const codeError = validate.checkSmsCode(this.data.code);
    if (phoneError) errors.phone = phoneError;
    if (codeError) errors.code = codeError;
    if (phoneError || codeError) {
      this.setData({ errors });
      wxp.toast(phoneError || codeError);
      return;
    }
    this.setData({ submitting: true });
    try {
      const answer = await authService.smsLogin({ phone: this.data.phone, code: this.data.code });
      await this.afterLogin(answer);
    } catch (err) {
      if (err && err.errors) this.setData({ errors: validate.flattenErrors(err.errors) });
    } finally {
      this.setData({ submitting: false });
    }
  },

  async onPasswordLogin() {
    if (this.data.submitting || !this.ensureAgreed()) return;
    const phoneError = validate.checkPhone(this.data.phone);
    const passwordError = this.data.password ? '' : '请输入密码';
    if (phoneError || passwordError) {
      this.setData({ errors: { phone: phoneError, password: passwordError } });
      wxp.toast(phoneError || passwordError);
      return;
    }
    this.setData({ submitting: true });
    try {
      const answer = await authService.passwordLogin({ phone: this.data.phone, password: this.data.password });
      await this.afterLogin(answer);
    } catch (err) {
      if (err && err.errors) this.setData({ errors: validate.flattenErrors(err.errors) });
    } finally {
      this.setData({ submitting: false });
    }
  },

  async afterLogin(answer) {
    session.clearPendingInviteToken();
    if (answer.password_change_required) {
      wx.redirectTo({ url: '/pages/settings/password/index?force=1' });
      return;
    }
    const user = answer.user || session.getUser();
    if (user && !user.phone) {
      this.setData({ step: 'bindPhone' });
      return;
    }
    this.finish();
  },

  async onGetPhoneNumber(e) {
    const code = e && e.detail && e.detail.code;
    if (!code) {
      wxp.toast('未获取到手机号授权，可稍后在个人资料中绑定');
      return;
    }
    if (this.data.binding) return;
    this.setData({ binding: true });
    try {
      await userService.bindPhoneByWechat(code);
      this.finish();
    } catch (err) {
      // toast already shown by request.js (e.g. 409 PHONE_TAKEN)
    } finally {
      this.setData({ binding: false });
    }
  },

  toggleBindBySms() {
    this.stopCountdown();
    this.setData({ bindBySms: !this.data.bindBySms, code: '', countdown: 0, errors: {} });
  },

  async onSmsBind() {
    if (this.data.binding) return;
    const phoneError = validate.checkPhone(this.data.phone);
    const codeError = validate.checkSmsCode(this.data.code);
    if (phoneError || codeError) {
      this.setData({ errors: { phone: phoneError, code: codeError } });
      wxp.toast(phoneError || codeError);
      return;
    }
    this.setData({ binding: true });
    try {
      await userService.bindPhoneBySms(this.data.phone, this.data.code, { showError: false });
      this.finish();
    } catch (err) {
      if (err && err.errors) this.setData({ errors: validate.flattenErrors(err.errors) });
      wxp.toast((err && err.message) || '绑定失败');
    } finally {
      this.setData({ binding: false });
    }
  },

  skipBindPhone() {
    this.finish();
  },

  finish() {
    wxp.toast('登录成功', 'success');
    const pages = getCurrentPages();
    if (pages.length > 1) wx.navigateBack({ delta: 1 });
    else wx.switchTab({ url: USER_TAB });
  },
}));
