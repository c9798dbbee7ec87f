/** Profile edit: avatar, nickname, real name, gender. The phone is changed only through the binding flow. */
const userService = require('../../../services/user');
const format = require('../../../utils/format');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');

function isRemoteUrl(url) {
  return /^https?:\/\//.test(url || '') && !/^http:\/\/tmp\//.test(url);
}

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    saving: false,
    user: null,
    form: { nickname: '', avatar_url: '', real_name: '', gender: 0 },
    avatarPreview: '',
    genderLabels: format.GENDER_LABELS,
    errors: {},
  },

  onLoad() {
    this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    try {
      const user = await userService.getMe({ showError: false });
      this.setData({
        status: 'ready',
        user: Object.assign({}, user, { phoneText: user.phone ? format.maskPhone(user.phone) : '未绑定' }),
        form: {
          nickname: user.nickname || '',
          avatar_url: user.avatar_url || '',
          real_name: user.real_name || '',
          gender: user.gender || 0,
        },
        avatarPreview: user.avatar_url || '',
      });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onShow() {
    // back from binding a phone: show it
    if (this.data.status === 'ready' && !(this.data.user && this.data.user.phone)) this.load();
  },

  onBindPhone() {
    wx.navigateTo({ url: '/pages/auth/login/index?step=bindPhone' });
  },

  onChooseAvatar(e) {
    const url = e.detail && e.detail.avatarUrl;
    if (!url) return;
    // chooseAvatar gives a local temporary file; it is shown here, but only an uploaded (http) URL can be saved.
    this.setData({ avatarPreview: url });
    if (isRemoteUrl(url)) this.setData({ 'form.avatar_url': url });
    else wxp.toast('头像上传暂未开放，本次仅预览');
  },

  onNicknameInput(e) {
    this.setData({ 'form.nickname': e.detail.value, 'errors.nickname': '' });
  },

  onRealNameInput(e) {
    this.setData({ 'form.real_name': e.detail.value, 'errors.real_name': '' });
  },

  onGenderChange(e) {
    this.setData({ 'form.gender': Number(e.detail.value) || 0 });
  },

  async onSave() {
    if (this.data.saving) return;
    const form = this.data.form;
    const nicknameError = validate.checkNickname(form.nickname);
    const realNameError = String(form.real_name || '').length > 32 ? '姓名不能超过32个字' : '';
    if (nicknameError || realNameError) {
      this.setData({ errors: { nickname: nicknameError, real_name: realNameError } });
      wxp.toast(nicknameError || realNameError);
      return;
    }
    const fields = {
      nickname: form.nickname.trim(),
      real_name: String(form.real_name || '').trim(),
      gender: form.gender,
    };
    if (isRemoteUrl(form.avatar_url)) fields.avatar_url = form.avatar_url;
    this.setData({ saving: true, errors: {} });
    try {
      await userService.updateProfile(fields, { showError: false });
      wxp.toast('保存成功', 'success');
      setTimeout(() => wx.navigateBack({ delta: 1 }), 600);
    } catch (err) {
      this.setData({ errors: validate.flattenErrors(err && err.errors) });
      wxp.toast((err && err.message) || '保存失败');
    } finally {
      this.setData({ saving: false });
    }
  },
});
