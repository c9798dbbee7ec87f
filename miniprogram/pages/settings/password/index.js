/**
 * Set or change the login password. The old one is asked for when a password is already set.
 * Reached with ?force=1 (or after a login answering password_change_required) the user must set one to go on.
 */
const userService = require('../../../services/user');
const session = require('../../../utils/session');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');

Page({
  data: {
    status: 'loading', // loading | ready | error
    errorMessage: '',
    force: false,
    hasPassword: false,
    form: { old_password: '', new_password: '', confirm_password: '' },
    errors: {},
    saving: false,
  },

  onLoad(query) {
    this.setData({ force: (query && query.force === '1') || session.isPasswordChangeRequired() });
    this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    try {
      const user = await userService.getMe({ showError: false });
      this.setData({ status: 'ready', hasPassword: Boolean(user.has_password) });
      wx.setNavigationBarTitle({ title: user.has_password ? '修改密码' : '设置密码' });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onInput(e) {
    const field = e.currentTarget.dataset.field;
    this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
  },

  checkForm() {
    const form = this.data.form;
    const errors = {};
    if (this.data.hasPassword && !form.old_password) errors.old_password = '请输入原密码';
    const passwordError = validate.checkPassword(form.new_password);
    if (passwordError) errors.new_password = passwordError;
    else if (form.new_password === form.old_password) errors.new_password = '新密码不能与原密码相同';
    if (!errors.new_password && form.confirm_password !== form.new_password) errors.confirm_password = '两次输入的密码不一致';
    return errors;
  },

  async onSave() {
    if (this.data.saving) return;
    const errors = this.checkForm();
    if (Object.keys(errors).length) {
      this.setData({ errors });
      wxp.toast(validate.firstError(errors));
      return;
    }
    const payload = { new_password: this.data.form.new_password };
    if (this.data.hasPassword) payload.old_password = this.data.form.old_password;
    this.setData({ saving: true, errors: {} });
    try {
      await userService.changePassword(payload, { showError: false });
      wxp.toast('密码已保存', 'success');
      setTimeout(() => {
        if (this.data.force) wx.switchTab({ url: '/pages/user/center/index' });
        else wx.navigateBack({ delta: 1 });
      }, 600);
    } catch (err) {
      this.setData({ errors: validate.flattenErrors(err && err.errors) });
      wxp.toast((err && err.message) || '保存失败');
    } finally {
      this.setData({ saving: false });
    }
  },
});
