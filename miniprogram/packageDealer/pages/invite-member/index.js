/**
 * 邀请会员: the dealer's member invite (POST /dealer/member-invites {member_level_id}) and its QR code. Members who
 * register through it belong to this dealer and get the invite's member level. There is no member-level list a dealer
 * may read (GET /admin/member-levels is console-only), so the level is the default one (null) until one exists.
 */
const dealerService = require('../../../services/dealer');
const inviteService = require('../../../services/invite');
const wxp = require('../../../utils/wxp');

const DEFAULT_LEVELS = [{ id: null, name: '默认等级' }];

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    levels: DEFAULT_LEVELS,
    levelNames: DEFAULT_LEVELS.map((l) => l.name),
    levelIndex: 0,
    invite: null,
    qrcodePath: '',
  },

  onLoad() {
    this.load();
  },

  async load() {
    this.setData({ status: 'loading', errorMessage: '', qrcodePath: '' });
    const level = this.data.levels[this.data.levelIndex] || DEFAULT_LEVELS[0];
    try {
      const invite = await dealerService.createMemberInvite({ member_level_id: level.id }, { showError: false });
      const file = await inviteService.downloadInviteQrcode(invite.token, { showError: false });
      this.setData({
        status: 'ready',
        invite: { token: invite.token, levelName: invite.member_level_name || level.name, acceptedCount: invite.accepted_count || 0 },
        qrcodePath: file.tempFilePath,
      });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '二维码生成失败' });
    }
  },

  onLevelChange(e) {
    const levelIndex = Number(e.detail.value);
    if (levelIndex === this.data.levelIndex) return Promise.resolve();
    this.setData({ levelIndex });
    return this.load();
  },

  onPreview() {
    if (this.data.qrcodePath) wx.previewImage({ urls: [this.data.qrcodePath] });
  },

  async onSave() {
    if (!this.data.qrcodePath) return;
    try {
      await wxp.call('saveImageToPhotosAlbum', { filePath: this.data.qrcodePath });
      wxp.toast('已保存到相册', 'success');
    } catch (err) {
      if (!/cancel/i.test((err && err.errMsg) || '')) wxp.toast('保存失败，请检查相册权限');
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
