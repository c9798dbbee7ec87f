/**
 * 邀请渠道商: choose the new dealer's tier (only lower than mine, as invite_rules of /dealer/me allow), type and
 * discount rate (within min_rate_bp…max_rate_bp), generate the invite and show its QR code (scene dinv=<token>, opens
 * pages/dealer/apply/index); my invites (not revoked) with 二维码 and 撤销.
 */
const dealerService = require('../../../services/dealer');
const rules = require('../../../utils/dealer');
const format = require('../../../utils/format');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');

function viewInvite(inv) {
  return {
    token: inv.token,
    tierName: inv.tier_name || rules.tierName(inv.tier),
    rateText: rules.rateText(inv.discount_rate_bp),
    typeName: rules.dealerTypeName(inv.dealer_type),
    acceptedCount: inv.accepted_count || 0,
    createdText: format.formatDate(inv.created_at),
  };
}

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    myTier: 0,
    inviteRules: null,
    tierOptions: [],
    tierLabels: [],
    typeOptions: rules.DEALER_TYPES,
    typeLabels: rules.DEALER_TYPES.map((t) => t.label),
    rangeText: '',
    form: { tierIndex: 0, typeIndex: 0, rateText: '' },
    errors: {},
    creating: false,
    invite: null, // the one whose QR is shown
    qrcodePath: '',
    qrcodeError: '',
    invites: [],
    invitesStatus: 'loading',
  },

  onLoad() {
    this.load();
  },

  async load() {
    this.setData({ status: 'loading', errorMessage: '' });
    try {
      const me = await dealerService.getMe({ showError: false });
      const myTier = me.dealer.tier;
      const tierOptions = rules.inviteTierOptions(myTier, me.invite_rules);
      const first = tierOptions[0];
      const typeIndex = first ? rules.DEALER_TYPES.findIndex((t) => t.value === rules.defaultDealerType(first.value)) : 0;
      this.setData({
        status: 'ready',
        myTier,
        inviteRules: me.invite_rules || null,
        tierOptions,
        tierLabels: tierOptions.map((t) => t.label),
        rangeText: rules.rateRangeText(me.invite_rules),
        form: { tierIndex: 0, typeIndex: Math.max(0, typeIndex), rateText: '' },
      });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
      return;
    }
    this.loadInvites();
  },

  async loadInvites() {
    this.setData({ invitesStatus: this.data.invites.length ? '' : 'loading' });
    try {
      const answer = await dealerService.listDealerInvites({ showError: false });
      const invites = rules.rowsOf(answer).map(viewInvite);
      this.setData({ invites, invitesStatus: invites.length ? '' : 'empty' });
    } catch (err) {
      this.setData({ invitesStatus: 'error' });
    }
  },

  onTierChange(e) {
    const tierIndex = Number(e.detail.value);
    const tier = this.data.tierOptions[tierIndex];
    const typeIndex = tier ? rules.DEALER_TYPES.findIndex((t) => t.value === rules.defaultDealerType(tier.value)) : 0;
    this.setData({ 'form.tierIndex': tierIndex, 'form.typeIndex': Math.max(0, typeIndex), 'errors.tier': '' });
  },

  onTypeChange(e) {
    this.setData({ 'form.typeIndex': Number(e.detail.value), 'errors.dealer_type': '' });
  },

  onRateInput(e) {
    this.setData({ 'form.rateText': e.detail.value, 'errors.rate': '' });
  },

  values() {
    const { form, tierOptions } = this.data;
    const tier = tierOptions[form.tierIndex];
    const type = rules.DEALER_TYPES[form.typeIndex];
    return { tier: tier ? tier.value : null, dealer_type: type ? type.value : '', rateText: form.rateText };
  },

  async onCreate() {
    if (this.data.creating) return null;
    const values = this.values();
    const errors = rules.checkDealerInvite(values, this.data.myTier, this.data.inviteRules);
    if (Object.keys(errors).length) {
      this.setData({ errors });
      wxp.toast(validate.firstError(errors));
      return null;
    }
    this.setData({ creating: true, errors: {} });
    try {
      const invite = await dealerService.createDealerInvite(
        { tier: values.tier, discount_rate_bp: rules.percentToBp(values.rateText), dealer_type: values.dealer_type },
        { showError: false },
      );
      await this.showQrcode(invite);
      this.loadInvites();
      return invite;
    } catch (err) {
      const flat = validate.flattenErrors(err && err.errors);
      if (flat.discount_rate_bp) flat.rate = flat.discount_rate_bp;
      this.setData({ errors: flat });
      wxp.toast((err && err.message) || '生成失败');
      return null;
    } finally {
      this.setData({ creating: false });
    }
  },

  async showQrcode(invite) {
    this.setData({ invite: viewInvite(invite), qrcodePath: '', qrcodeError: '' });
    try {
      const file = await dealerService.downloadDealerInviteQrcode(invite.token, { showError: false });
      this.setData({ qrcodePath: file.tempFilePath });
    } catch (err) {
      this.setData({ qrcodeError: (err && err.message) || '二维码生成失败' });
    }
  },

  onShowInvite(e) {
    const token = e.currentTarget.dataset.token;
    const row = this.data.invites.find((i) => i.token === token);
    if (!row) return Promise.resolve();
    this.setData({ invite: row, qrcodePath: '', qrcodeError: '' });
    return dealerService.downloadDealerInviteQrcode(token, { showError: false }).then(
      (file) => this.setData({ qrcodePath: file.tempFilePath }),
      (err) => this.setData({ qrcodeError: (err && err.message) || '二维码生成失败' }),
    );
  },

  async onRevoke(e) {
    const token = e.currentTarget.dataset.token;
    const confirmed = await wxp.confirm('撤销后该邀请码将失效，已提交的申请不受影响。确定撤销吗？', { confirmText: '撤销' }).catch(() => false);
    if (!confirmed) return false;
    try {
      await dealerService.revokeDealerInvite(token);
      wxp.toast('已撤销', 'success');
      const invites = this.data.invites.filter((i) => i.token !== token);
      const shown = this.data.invite && this.data.invite.token === token;
      this.setData(Object.assign({ invites, invitesStatus: invites.length ? '' : 'empty' }, shown ? { invite: null, qrcodePath: '' } : {}));
      return true;
    } catch (err) {
      return false; // toast shown by request.js
    }
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
});
