/** Agreement text (用户协议 / 隐私政策) from GET /agreements/{code}; HTML content is rendered with rich-text. */
const contentService = require('../../../services/content');
const format = require('../../../utils/format');

const TITLES = {
  'user-agreement': '用户协议',
  'privacy-policy': '隐私政策',
};

Page({
  data: {
    code: '',
    status: 'loading', // loading | error | ready
    errorMessage: '',
    agreement: null,
    isHtml: false,
    updatedText: '',
  },

  onLoad(query) {
    const code = (query && query.code) || 'user-agreement';
    this.setData({ code });
    if (TITLES[code]) wx.setNavigationBarTitle({ title: TITLES[code] });
    this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    try {
      const agreement = await contentService.getAgreement(this.data.code, { showError: false });
      const content = agreement.content || '';
      this.setData({
        status: 'ready',
        agreement,
        isHtml: /<\/?[a-z][\s\S]*>/i.test(content),
        updatedText: format.formatDay(agreement.updated_at),
      });
      if (agreement.title) wx.setNavigationBarTitle({ title: agreement.title });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },
});
