/**
 * 渠道商工作台 (workspace dealer:<id>): my info (name, tier / kind, discount rate), parent dealer, tier-1,
 * salesperson, network counts, and the entries of the dealer pages; 修改密码, 切换身份 and 退出登录.
 */
const dealerService = require('../../../services/dealer');
const authService = require('../../../services/auth');
const session = require('../../../utils/session');
const rules = require('../../../utils/dealer');
const format = require('../../../utils/format');
const wxp = require('../../../utils/wxp');

const P = '/packageDealer/pages';

/** The entries of the grid; `flagship`: only for flagship stores, `inviter`: only when lower tiers may be invited. */
const ENTRIES = [
  { key: 'network', title: '我的网络', icon: '🌐', url: `${P}/network/index` },
  { key: 'invite-dealer', title: '邀请渠道商', icon: '🤝', url: `${P}/invite-dealer/index`, inviter: true },
  { key: 'invite-member', title: '邀请会员', icon: '📮', url: `${P}/invite-member/index` },
  { key: 'members', title: '我的会员', icon: '👥', url: `${P}/members/index?scope=dealer` },
  { key: 'staff', title: '员工管理', icon: '🧑‍💼', url: `${P}/staff/list/index` },
  { key: 'accounts', title: '资金账户', icon: '💰', url: `${P}/accounts/index` },
  { key: 'withdrawals', title: '提现记录', icon: '🏦', url: `${P}/withdraw/list/index` },
  { key: 'b2b', title: 'B2B订货', icon: '📦', url: `${P}/b2b/items/index`, flagship: true },
  { key: 'b2b-orders', title: '订货单', icon: '🧾', url: `${P}/b2b/orders/index`, flagship: true },
  { key: 'oplog', title: '操作日志', icon: '📝', url: `${P}/oplog/index` },
  { key: 'password', title: '修改密码', icon: '🔒', url: '/pages/settings/password/index' },
];

function entriesFor(me) {
  const dealer = (me && me.dealer) || {};
  const canInvite = rules.inviteTierOptions(dealer.tier, me && me.invite_rules).length > 0;
  return ENTRIES.filter((e) => (!e.flagship || dealer.kind === 'flagship_store') && (!e.inviter || canInvite));
}

function viewMe(me) {
  const dealer = me.dealer || {};
  return {
    name: dealer.name,
    title: rules.dealerTitle(dealer),
    typeName: rules.dealerTypeName(dealer.dealer_type),
    rateText: rules.rateText(dealer.discount_rate_bp),
    contact: [dealer.contact_name, format.maskPhone(dealer.phone)].filter(Boolean).join(' '),
    region: [dealer.province, dealer.city].filter(Boolean).join(' '),
    closed: dealer.status === 'closed',
    parent: me.parent ? { name: me.parent.name, tierName: rules.tierName(me.parent.tier), contact: [me.parent.contact_name, me.parent.phone].filter(Boolean).join(' ') } : null,
    tier1Name: me.tier1 && me.tier1.id !== dealer.id ? me.tier1.name : '',
    salesperson: me.salesperson ? `${me.salesperson.name} ${me.salesperson.phone || ''}`.trim() : '',
    network: Object.assign({ tier2: 0, tier3: 0, members: 0, staff: 0 }, me.network),
    isTier3: dealer.tier === 3,
  };
}

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    me: null,
    entries: [],
    loggingOut: false,
  },

  onShow() {
    if (!session.isLoggedIn()) {
      wx.reLaunch({ url: '/pages/user/center/index' });
      return;
    }
    this.load(Boolean(this.data.me));
  },

  onPullDownRefresh() {
    this.load(true).then(() => wx.stopPullDownRefresh());
  },

  async load(quiet) {
    if (!quiet) this.setData({ status: 'loading', errorMessage: '' });
    try {
      const me = await dealerService.getMe({ showError: false });
      this.setData({ status: 'ready', me: viewMe(me), entries: entriesFor(me) });
    } catch (err) {
      if (quiet && this.data.me) wxp.toast((err && err.message) || '刷新失败');
      else this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onRetry() {
    return this.load(false);
  },

  onEntryTap(e) {
    wx.navigateTo({ url: e.currentTarget.dataset.url });
  },

  onNetworkTap(e) {
    wx.navigateTo({ url: `${P}/network/index?tier=${e.currentTarget.dataset.tier}` });
  },

  /** 切换身份: back to 我的, where the workspaces are listed. */
  onSwitch() {
    wx.switchTab({ url: '/pages/user/center/index' });
  },

  async onLogout() {
    if (this.data.loggingOut) return;
    const confirmed = await wxp.confirm('确定退出登录吗？', { confirmText: '退出' }).catch(() => false);
    if (!confirmed) return;
    this.setData({ loggingOut: true });
    try {
      await authService.logout();
      wxp.toast('已退出登录');
      wx.reLaunch({ url: '/pages/user/center/index' });
    } finally {
      this.setData({ loggingOut: false });
    }
  },
});
