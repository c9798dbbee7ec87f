/**
 * Profile edit: avatar, nickname, real name, gender. The phone is changed only through the binding flow.
 * The avatar is uploaded as soon as it is chosen (POST /me/avatar stores it on the profile); 保存 sends the other
 * fields with PATCH /me.
 */
const userService = require('../../../services/user');
const format = require('../../../utils/format');
const url = require('../../../utils/url');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');

function uploadErrorMessage(err) {
  const fileErrors = err && err.errors && err.errors.file;
  if (Array.isArray(fileErrors) && fileErrors.length) return fileErrors[0];
  if (typeof fileErrors === 'string' && fileErrors) return fileErrors;
  return (err && err.message) || '头像上传失败，请重试';
}

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    saving: false,
    user: null,
    form: { nickname: '', real_name: '', gender: 0 },
    avatarSrc: url.DEFAULT_AVATAR, // what the <image> shows: the stored avatar made absolute, or the default
    avatarUploading: false,
    avatarProgress: 0,
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
          real_name: user.real_name || '',
          gender: user.gender || 0,
        },
      });
      if (!this.data.avatarUploading) this.setData({ avatarSrc: url.avatarUrl(user.avatar_url) });
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

  /** chooseAvatar gives a local temporary file: upload it at once; the old avatar stays until the server took it. */
  async onChooseAvatar(e) {
    const filePath = e && e.detail && e.detail.avatarUrl;
    if (!filePath || this.data.avatarUploading) return;
    this.setData({ avatarUploading: true, avatarProgress: 0, 'errors.avatar': '' });
    try {
      const user = await userService.uploadAvatar(filePath, {
        showError: false,
        onProgress: (percent) => {
          if (this.data.avatarUploading && percent >= 0) this.setData({ avatarProgress: Math.min(100, Math.round(percent)) });
        },
      });
      this.setData({
        avatarSrc: url.avatarUrl(user.avatar_url),
        'user.avatar_url': user.avatar_url,
      });
      wxp.toast('头像已更新', 'success');
    } catch (err) {
      const message = uploadErrorMessage(err);
      this.setData({ 'errors.avatar': message });
      if (!(err && err.handled)) wxp.toast(message); // handled: the session ended and request.js said so
    } finally {
      this.setData({ avatarUploading: false, avatarProgress: 0 });
    }
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
    if (this.data.saving || this.data.avatarUploading) return;
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
