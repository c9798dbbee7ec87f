/**
 * 员工工作台 (workspace staff:<id>): my info (name, phone, commission rate), my dealer, my earnings (total, pending,
 * settleable, settled → entries), entries to 我的会员, 邀请会员 (the dealer's member invite page with its level
 * picker: POST /dealer/member-invites from a staff workspace makes the staff member's invite), 提成明细, 结算记录; an
 * active operator also sees the modules granted by the flagship store (B2B订货 → the B2B pages, 结算账户 → the dealer's
 * accounts, read only; the others come with their own pages). 修改密码, 切换身份, 退出登录.
 */
const staffService = require('../../../services/staff');
const authService = require('../../../services/auth');
const session = require('../../../utils/session');
const rules = require('../../../utils/dealer');
const format = require('../../../utils/format');
const wxp = require('../../../utils/wxp');

const P = '/packageDealer/pages';

const ENTRIES = [
  { key: 'members', title: '我的会员', icon: '👥', url: `${P}/members/index?scope=staff` },
  { key: 'invite', title: '邀请会员', icon: '📮', url: `${P}/invite-member/index` },
  { key: 'entries', title: '提成明细', icon: '📒', url: `${P}/entries/index?scope=staff&account=staff_settleable` },
  { key: 'settlements', title: '结算记录', icon: '🧾', url: `${P}/settlements/index?scope=staff` },
  { key: 'password', title: '修改密码', icon: '🔒', url: '/pages/settings/password/index' },
];

const MODULE_ICONS = { b2b_orders: '📦', delivery_orders: '🚚', shipments: '📮', settlement: '💰', cards: '💳' };

function viewMe(me) {
  const staff = me.staff || {};
  const dealer = me.dealer || {};
  return {
    name: staff.name,
    phone: format.maskPhone(staff.phone),
    rateText: `${rules.bpToPercent(staff.commission_rate_bp)}%`,
    operatorText: rules.isActiveOperator(staff) ? '操作员' : (staff.operator_status === 'closed' ? '操作员已关闭' : ''),
    dealerName: dealer.name || '',
    dealerTitle: rules.dealerTitle(dealer),
    dealerContact: [dealer.contact_name, dealer.phone].filter(Boolean).join(' '),
  };
}

function viewEarnings(e) {
  const v = e || {};
  return {
    total: format.formatPrice(v.total || 0),
    pending: format.formatPrice(v.pending || 0),
    settleable: format.formatPrice(v.settleable || 0),
    settled: format.formatPrice(v.settled || 0),
  };
}

Page({
  data: {
    status: 'loading',
    errorMessage: '',
    me: null,
    earnings: viewEarnings(null),
    entries: ENTRIES,
    modules: [],
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
      const [me, earnings] = await Promise.all([
        staffService.getMe({ showError: false }),
        staffService.getEarnings({ showError: false }).catch(() => null),
      ]);
      this.setData({
        status: 'ready',
        me: viewMe(me),
        earnings: viewEarnings(earnings),
        modules: rules.operatorEntries(me.staff).map((m) => Object.assign({ icon: MODULE_ICONS[m.key] || '📁' }, m)),
      });
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

  onEarningsTap(e) {
    wx.navigateTo({ url: `${P}/entries/index?scope=staff&account=${e.currentTarget.dataset.account}` });
  },

  onModuleTap(e) {
    const { url, ready } = e.currentTarget.dataset;
    if (!ready || !url) {
      wxp.toast('该模块即将上线');
      return;
    }
    wx.navigateTo({ url });
  },

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
