/**
 * 我的: profile summary, workspace switch (for users with several roles; switching to a dealer or staff workspace
 * opens its 工作台, and 进入工作台 leads there while that workspace is current), 我的订单 with shortcuts per status (with
 * counts of the orders waiting in each) and the menu (我的售后 with the open after-sales cases); the counts come from
 * one GET /orders/counts.
 */
const authService = require('../../../services/auth');
const notificationService = require('../../../services/notification');
const orderService = require('../../../services/order');
const userService = require('../../../services/user');
const session = require('../../../utils/session');
const dealerRules = require('../../../utils/dealer');
const format = require('../../../utils/format');
const url = require('../../../utils/url');
const wxp = require('../../../utils/wxp');

const LOGIN_PAGE = '/pages/auth/login/index';
const ORDER_LIST = '/pages/order/list/index';

// 我的订单 shortcuts; the counted ones show how many orders wait there
const ORDER_SHORTCUTS = [
  { key: 'pending_payment', title: '待付款', icon: '💳', counted: true },
  { key: 'pending_shipment', title: '待发货', icon: '📦', counted: true },
  { key: 'shipped', title: '待收货', icon: '🚚', counted: true },
  { key: 'pending_review', title: '待评价', icon: '⭐', counted: true },
  { key: 'completed', title: '已完成', icon: '✅', counted: false },
];

function shortcutsWith(counts) {
  return ORDER_SHORTCUTS.map((s) => Object.assign({}, s, { count: (counts && counts[s.key]) || 0 }));
}

// `open`: reachable without logging in
const MENU = [
  { key: 'profile', title: '个人资料', url: '/pages/user/profile/index' },
  { key: 'favorites', title: '我的收藏', url: '/pages/favorite/list/index' },
  { key: 'messages', title: '消息通知', url: '/pages/message/list/index' },
  { key: 'aftersales', title: '我的售后', url: '/pages/aftersale/list/index' },
  { key: 'addresses', title: '收货地址', url: '/pages/address/list/index' },
  { key: 'invite', title: '邀请好友', url: '/pages/invite/qrcode/index' },
  { key: 'feedback', title: '意见反馈', url: '/pages/feedback/index/index' },
  { key: 'about', title: '关于我们', url: '/pages/content/about/index', open: true },
  { key: 'settings', title: '设置', url: '/pages/settings/index/index' },
];

function viewUser(user) {
  if (!user) return null;
  return Object.assign({}, user, {
    displayName: user.nickname || user.real_name || '未设置昵称',
    avatarSrc: url.avatarUrl(user.avatar_url),
    phoneText: user.phone ? format.maskPhone(user.phone) : '未绑定手机号',
  });
}

Page({
  data: {
    loggedIn: false,
    status: '', // '' | loading | error
    errorMessage: '',
    user: null,
    workspaces: [],
    currentWorkspace: 'member',
    currentWorkspaceLabel: '会员',
    workspaceHome: '', // the dealer / staff workspace's home page, '' for member and sales
    switching: false,
    menu: MENU,
    orderShortcuts: shortcutsWith(null),
    unreadMessages: 0, // the badge on 消息通知
    openAftersales: 0, // the badge on 我的售后
    defaultAvatar: url.DEFAULT_AVATAR,
  },

  onShow() {
    this.refresh();
  },

  onPullDownRefresh() {
    this.refresh().then(() => wx.stopPullDownRefresh());
  },

  async refresh() {
    if (!session.isLoggedIn()) {
      this.setData({ loggedIn: false, user: null, workspaces: [], status: '', orderShortcuts: shortcutsWith(null), unreadMessages: 0, openAftersales: 0 });
      return;
    }
    this.loadOrderCounts();
    this.loadUnreadMessages();
    const cached = session.getUser();
    this.setData({ loggedIn: true, user: viewUser(cached), status: cached ? '' : 'loading' });
    try {
      const [user, workspaces] = await Promise.all([
        userService.getMe({ showError: false }),
        userService.getWorkspaces({ showError: false }),
      ]);
      const items = (workspaces && workspaces.items) || [];
      const current = (workspaces && workspaces.current) || session.getWorkspace();
      const currentItem = items.find((item) => item.workspace === current);
      this.setData({
        user: viewUser(user),
        workspaces: items,
        currentWorkspace: current,
        currentWorkspaceLabel: currentItem ? currentItem.label : current,
        workspaceHome: dealerRules.homeOf(current),
        status: '',
      });
    } catch (err) {
      if (!session.isLoggedIn()) {
        // the session ended (request.js sends the user to the login page)
        this.setData({ loggedIn: false, user: null, status: '' });
        return;
      }
      this.setData({ status: this.data.user ? '' : 'error', errorMessage: (err && err.message) || '加载失败' });
      if (this.data.user) wxp.toast((err && err.message) || '刷新失败');
    }
  },

  /**
   * The badges of the counted shortcuts and of 我的售后, from one GET /orders/counts; on errors the badges shown
   * stay as they are (they are a hint).
   */
  async loadOrderCounts() {
    let answer;
    try {
      answer = await orderService.getOrderCounts({ showError: false });
    } catch (e) {
      return;
    }
    if (!session.isLoggedIn() || !answer) return;
    const counts = {};
    ORDER_SHORTCUTS.filter((s) => s.counted).forEach((s) => {
      counts[s.key] = Number(answer[s.key]) || 0;
    });
    this.setData({ orderShortcuts: shortcutsWith(counts), openAftersales: Number(answer.aftersale_open) || 0 });
  },

  /** The unread messages for the badge on 消息通知; quietly left as it is on errors. */
  async loadUnreadMessages() {
    try {
      const unread = await notificationService.unreadCount({ showError: false });
      if (session.isLoggedIn()) this.setData({ unreadMessages: unread });
    } catch (e) {
      // the badge is a hint
    }
  },

  onOrdersTap(e) {
    if (!this.data.loggedIn) {
      this.goLogin();
      return;
    }
    const tab = e.currentTarget.dataset.tab;
    wx.navigateTo({ url: tab ? `${ORDER_LIST}?tab=${tab}` : ORDER_LIST });
  },

  goLogin() {
    wx.navigateTo({ url: LOGIN_PAGE });
  },

  /** 进入工作台 of the current dealer / staff workspace. */
  onWorkspaceHome() {
    if (this.data.workspaceHome) wx.navigateTo({ url: this.data.workspaceHome });
  },

  onMenuTap(e) {
    const { url, open } = e.currentTarget.dataset;
    if (!this.data.loggedIn && !open) {
      this.goLogin();
      return;
    }
    wx.navigateTo({ url });
  },

  async onSwitchWorkspace() {
    const items = this.data.workspaces;
    if (this.data.switching || items.length < 2) return;
    let picked;
    try {
      const res = await wxp.call('showActionSheet', { itemList: items.map((item) => item.label) });
      picked = items[res.tapIndex];
    } catch (e) {
      return; // cancelled
    }
    if (!picked || picked.workspace === this.data.currentWorkspace) return;
    this.setData({ switching: true });
    try {
      await authService.switchWorkspace(picked.workspace);
      wxp.toast(`已切换为「${picked.label}」`, 'success');
      // a dealer or staff workspace opens its own home (工作台); member and sales stay on 我的
      const home = dealerRules.homeOf(picked.workspace);
      if (home) wx.navigateTo({ url: home });
      await this.refresh();
    } catch (err) {
      // toast shown by request.js
    } finally {
      this.setData({ switching: false });
    }
  },
});
