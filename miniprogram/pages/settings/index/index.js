/** Settings: password, agreements, logout. */
const authService = require('../../../services/auth');
const session = require('../../../utils/session');
const wxp = require('../../../utils/wxp');

Page({
  data: {
    loggedIn: false,
    hasPassword: false,
    loggingOut: false,
  },

  onShow() {
    const user = session.getUser();
    this.setData({ loggedIn: session.isLoggedIn(), hasPassword: Boolean(user && user.has_password) });
  },

  onPassword() {
    wx.navigateTo({ url: '/pages/settings/password/index' });
  },

  onAgreement(e) {
    wx.navigateTo({ url: `/pages/content/agreement/index?code=${e.currentTarget.dataset.code}` });
  },

  async onLogout() {
    if (this.data.loggingOut) return;
    const confirmed = await wxp.confirm('确定退出登录吗？', { confirmText: '退出' }).catch(() => false);
    if (!confirmed) return;
    this.setData({ loggingOut: true });
    try {
      await authService.logout();
      wxp.toast('已退出登录');
      wx.switchTab({ url: '/pages/user/center/index' });
    } finally {
      this.setData({ loggingOut: false, loggedIn: false });
    }
  },
});
