/** Invite QR: creates an invite for the current workspace, downloads its PNG (with the token) and saves it. */
const inviteService = require('../../../services/invite');
const wxp = require('../../../utils/wxp');

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    invite: null,
    qrcodePath: '',
    saving: false,
  },

  onLoad() {
    this.load();
  },

  async load() {
    this.setData({ status: 'loading', errorMessage: '' });
    try {
      const invite = await inviteService.createInvite({ showError: false });
      const file = await inviteService.downloadInviteQrcode(invite.token, { showError: false });
      this.setData({ status: 'ready', invite, qrcodePath: file.tempFilePath });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '二维码生成失败' });
    }
  },

  onPreview() {
    if (this.data.qrcodePath) wx.previewImage({ urls: [this.data.qrcodePath] });
  },

  async onSave() {
    if (this.data.saving || !this.data.qrcodePath) return;
    this.setData({ saving: true });
    try {
      await wxp.call('saveImageToPhotosAlbum', { filePath: this.data.qrcodePath });
      wxp.toast('已保存到相册', 'success');
    } catch (err) {
      const message = (err && err.errMsg) || '';
      if (/auth|authorize|deny/i.test(message)) {
        const open = await wxp.confirm('需要授权保存到相册，是否前往设置开启？', { confirmText: '去设置' }).catch(() => false);
        if (open) wx.openSetting({});
      } else if (!/cancel/i.test(message)) {
        wxp.toast('保存失败，请重试');
      }
    } finally {
      this.setData({ saving: false });
    }
  },

  onShareAppMessage() {
    const token = this.data.invite && this.data.invite.token;
    return {
      title: '邀你一起品尝好蟹',
      path: token ? `/pages/home/index/index?invite_token=${encodeURIComponent(token)}` : '/pages/home/index/index',
    };
  },
});
