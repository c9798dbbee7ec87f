/**
 * 渠道商入驻申请 (pages/dealer/apply/index): opened from a dealer's invite QR code (scene `dinv=<token>`, or
 * `?token=` from a link). Shows who invites and on which terms (tier, type, discount rate: public GET
 * /dealer-invites/<token>), the form (name, contact, province / city, address) for a logged-in user, and my
 * applications with their status. Submitting needs a bound phone (409 PHONE_REQUIRED → bind it first). An approved
 * application offers the switch to the new dealer workspace.
 */
const dealerService = require('../../../services/dealer');
const authService = require('../../../services/auth');
const http = require('../../../utils/request');
const session = require('../../../utils/session');
const rules = require('../../../utils/dealer');
const format = require('../../../utils/format');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');

const TOKEN_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** query {scene: 'dinv%3D<token>'} or {token} → the token ('' when none or not ours). */
function tokenFrom(query) {
  const q = query || {};
  let token = '';
  if (q.token) token = String(q.token);
  else if (q.scene) {
    const scene = decodeURIComponent(String(q.scene));
    scene.split('&').forEach((pair) => {
      const [key, value] = pair.split('=');
      if (key === 'dinv') token = value || '';
    });
  }
  return TOKEN_RE.test(token) ? token : '';
}

function checkForm(form) {
  const errors = {};
  const name = String(form.name || '').trim();
  if (!name) errors.name = '请输入渠道商名称（店名/公司名）';
  else if (name.length > 64) errors.name = '名称不能超过64个字';
  const contact = String(form.contact_name || '').trim();
  if (!contact) errors.contact_name = '请输入联系人';
  else if (contact.length > 32) errors.contact_name = '联系人不能超过32个字';
  if (!form.province || !form.city) errors.region = '请选择所在省市';
  const address = String(form.address || '').trim();
  if (!address) errors.address = '请输入详细地址';
  else if (address.length > 120) errors.address = '详细地址不能超过120个字';
  return errors;
}

function viewApplication(a) {
  return {
    id: a.id,
    status: a.status,
    statusName: rules.APPLICATION_STATUS[a.status] || a.status,
    name: a.name,
    parentName: a.parent_name || '',
    tierName: rules.tierName(a.tier),
    rateText: rules.rateText(a.discount_rate_bp),
    rejectReason: a.reject_reason || '',
    dealerId: a.dealer_id || 0,
    createdText: format.formatDate(a.created_at),
  };
}

Page({
  data: {
    token: '',
    loggedIn: false,
    status: 'loading', // loading | error | ready
    errorMessage: '',
    invite: null,
    form: { name: '', contact_name: '', province: '', city: '', address: '' },
    regionText: '',
    errors: {},
    formError: '',
    phoneRequired: false,
    submitting: false,
    applications: [],
    applicationsStatus: '',
  },

  onLoad(query) {
    this.idempotencyKey = http.createIdempotencyKey();
    const user = session.getUser();
    const contact = (user && (user.real_name || user.nickname)) || '';
    this.setData({ token: tokenFrom(query), 'form.contact_name': contact });
  },

  onShow() {
    this.load();
  },

  async load() {
    const loggedIn = session.isLoggedIn();
    this.setData({ loggedIn, status: this.data.invite || !this.data.token ? 'ready' : 'loading', errorMessage: '' });
    if (loggedIn) this.loadApplications();
    if (!this.data.token || this.data.invite) return;
    try {
      const invite = await dealerService.getDealerInvite(this.data.token, { showError: false });
      this.setData({
        status: 'ready',
        invite: {
          inviterName: invite.inviter_name,
          tierName: invite.tier_name || rules.tierName(invite.tier),
          typeName: rules.dealerTypeName(invite.dealer_type),
          rateText: rules.rateText(invite.discount_rate_bp),
        },
      });
    } catch (err) {
      const gone = err && (err.statusCode === 404 || err.statusCode === 410);
      this.setData({ status: 'error', errorMessage: gone ? '邀请码已失效，请联系邀请人重新获取' : (err && err.message) || '加载失败' });
    }
  },

  async loadApplications() {
    this.setData({ applicationsStatus: this.data.applications.length ? '' : 'loading' });
    try {
      const answer = await dealerService.listMyApplications({ showError: false });
      const applications = rules.rowsOf(answer).map(viewApplication);
      this.setData({ applications, applicationsStatus: applications.length ? '' : 'empty' });
    } catch (err) {
      this.setData({ applicationsStatus: 'error' });
    }
  },

  onInput(e) {
    const field = e.currentTarget.dataset.field;
    this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '', formError: '' });
  },

  onRegionChange(e) {
    const [province, city] = e.detail.value || [];
    this.setData({ 'form.province': province || '', 'form.city': city || '', regionText: [province, city].filter(Boolean).join(' '), 'errors.region': '' });
  },

  goLogin() {
    wx.navigateTo({ url: '/pages/auth/login/index' });
  },

  goBindPhone() {
    wx.navigateTo({ url: '/pages/auth/login/index?step=bindPhone' });
  },

  async onSubmit() {
    if (this.data.submitting || !this.data.token) return null;
    const errors = checkForm(this.data.form);
    if (Object.keys(errors).length) {
      this.setData({ errors });
      wxp.toast(validate.firstError(errors));
      return null;
    }
    const f = this.data.form;
    const body = { name: f.name.trim(), contact_name: f.contact_name.trim(), province: f.province, city: f.city, address: f.address.trim() };
    this.setData({ submitting: true, errors: {}, formError: '', phoneRequired: false });
    try {
      const application = await dealerService.applyDealer(this.data.token, body, { showError: false, idempotencyKey: this.idempotencyKey });
      this.idempotencyKey = http.createIdempotencyKey();
      wxp.toast(application.status === 'approved' ? '已开通渠道商' : '申请已提交', 'success');
      await this.loadApplications();
      return application;
    } catch (err) {
      if (err && err.statusCode) this.idempotencyKey = http.createIdempotencyKey();
      const flat = validate.flattenErrors(err && err.errors);
      if (flat.province || flat.city) flat.region = flat.province || flat.city;
      this.setData({
        errors: flat,
        formError: (err && err.message) || '提交失败',
        phoneRequired: Boolean(err && err.error_code === 'PHONE_REQUIRED'),
      });
      return null;
    } finally {
      this.setData({ submitting: false });
    }
  },

  /** An approved application: switch to the new dealer's workspace and open its home. */
  async onEnterDealer(e) {
    const dealerId = Number(e.currentTarget.dataset.dealer);
    if (!dealerId) return;
    try {
      await authService.switchWorkspace(`dealer:${dealerId}`);
      wx.reLaunch({ url: rules.DEALER_HOME });
    } catch (err) {
      // toast shown by request.js
    }
  },
});

module.exports = { tokenFrom };
