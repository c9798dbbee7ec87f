/**
 * 邀请会员 (dealer workspace, and the staff workspace's 邀请会员): pick the member level the new members get from
 * GET /dealer/member-levels (the default level preselected, each with its discount in percent), then
 * POST /dealer/member-invites {member_level_id} and show the invite's QR code (/invites/<token>/qrcode). Members who
 * register through it belong to this dealer (and, from a staff workspace, to that staff member) and get the level.
 * Choosing another level makes that level's invite. With no level defined the invite carries the default (null).
 */
const dealerService = require('../../../services/dealer');
const inviteService = require('../../../services/invite');
const rules = require('../../../utils/dealer');
const wxp = require('../../../utils/wxp');

const FALLBACK_LEVEL = { id: null, name: '默认等级', rateText: '', isDefault: true, label: '默认等级' };

/** 9500 → '95%（9.5折）', 10000 → '100%（原价）'. */
function levelRateText(bp) {
  if (typeof bp !== 'number') return '';
  return bp >= 10000 ? `${rules.bpToPercent(bp)}%（原价）` : rules.rateText(bp);
}

function viewLevel(level) {
  const rateText = levelRateText(level.discount_rate_bp);
  const isDefault = !!level.is_default;
  return {
    id: level.id,
    name: level.name,
    rateText,
    isDefault,
    label: `${level.name}${rateText ? ` · ${rateText}` : ''}${isDefault ? ' · 默认' : ''}`,
  };
}

Page({
  data: {
    status: 'loading', // the level list: loading | error | ready
    errorMessage: '',
    levels: [],
    levelLabels: [],
    levelIndex: 0,
    levelsEmpty: false, // no level defined: the invite carries the default level (null)
    qrStatus: 'loading', // the invite and its QR: loading | error | ready
    qrError: '',
    invite: null,
    qrcodePath: '',
  },

  onLoad() {
    this.load();
  },

  /** The level list, then the invite of the preselected (default) level. */
  async load() {
    this.setData({ status: 'loading', errorMessage: '', invite: null, qrcodePath: '' });
    let rows;
    try {
      rows = await dealerService.listMemberLevels({ showError: false });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '会员等级加载失败' });
      return;
    }
    const list = (Array.isArray(rows) ? rows : (rows && rows.items) || []).map(viewLevel);
    const levels = list.length ? list : [FALLBACK_LEVEL];
    const preselected = levels.findIndex((l) => l.isDefault);
    this.setData({
      status: 'ready',
      levels,
      levelLabels: levels.map((l) => l.label),
      levelIndex: preselected >= 0 ? preselected : 0,
      levelsEmpty: !list.length,
    });
    await this.createInvite();
  },

  /** The invite of the chosen level and its QR; a later choice wins over an answer still on its way. */
  async createInvite() {
    const seq = (this._seq || 0) + 1;
    this._seq = seq;
    const level = this.data.levels[this.data.levelIndex] || FALLBACK_LEVEL;
    this.setData({ qrStatus: 'loading', qrError: '', qrcodePath: '' });
    try {
      const invite = await dealerService.createMemberInvite({ member_level_id: level.id }, { showError: false });
      const file = await inviteService.downloadInviteQrcode(invite.token, { showError: false });
      if (seq !== this._seq) return;
      this.setData({
        qrStatus: 'ready',
        invite: { token: invite.token, levelName: invite.member_level_name || level.name, acceptedCount: invite.accepted_count || 0 },
        qrcodePath: file.tempFilePath,
      });
    } catch (err) {
      if (seq !== this._seq) return;
      this.setData({ qrStatus: 'error', qrError: (err && err.message) || '二维码生成失败', invite: null });
    }
  },

  onLevelChange(e) {
    const levelIndex = Number(e.detail.value);
    if (levelIndex === this.data.levelIndex || !this.data.levels[levelIndex]) return Promise.resolve();
    this.setData({ levelIndex });
    return this.createInvite();
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
