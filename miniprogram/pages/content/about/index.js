/** 关于我们: company name, logo, address, introduction (rich text) and the service phone (tap to call). */
const contentService = require('../../../services/content');
const url = require('../../../utils/url');
const richtext = require('../../../utils/richtext');
const wxp = require('../../../utils/wxp');

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    about: null,
  },

  onLoad() {
    this.load();
  },

  onPullDownRefresh() {
    this.load({ silent: true }).then(() => wx.stopPullDownRefresh());
  },

  async load(options) {
    const silent = options && options.silent;
    if (!silent) this.setData({ status: 'loading' });
    try {
      const about = (await contentService.getAbout({ showError: false })) || {};
      this.setData({
        status: 'ready',
        about: {
          name: about.name || '',
          address: about.address || '',
          logoSrc: url.assetUrl(about.logo_url),
          phone: String(about.service_phone || '').trim(),
          html: richtext.prepareHtml(about.about_html),
        },
      });
    } catch (err) {
      const message = (err && err.message) || '加载失败';
      if (silent && this.data.status === 'ready') wxp.toast(message);
      else this.setData({ status: 'error', errorMessage: message });
    }
  },

  onCall() {
    const phone = this.data.about && this.data.about.phone;
    if (!phone) return;
    wx.makePhoneCall({ phoneNumber: phone, fail: () => null });
  },

  onCopyAddress() {
    const address = this.data.about && this.data.about.address;
    if (address) wx.setClipboardData({ data: address });
  },
});
