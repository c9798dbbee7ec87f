/**
 * 意见反馈: text (5–1000 characters) and an optional contact; pictures come later. One idempotency key per filled-in
 * form, so a double tap or a re-submit after a timeout stores the feedback once. 我的反馈 lists what was sent and
 * the replies.
 */
const feedbackService = require('../../../services/feedback');
const http = require('../../../utils/request');
const session = require('../../../utils/session');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');

const LIST_PAGE = '/pages/feedback/list/index';
const LOGIN_PAGE = '/pages/auth/login/index';

Page({
  data: {
    content: '',
    contact: '',
    contentLength: 0,
    contentMax: feedbackService.CONTENT_MAX,
    contactMax: feedbackService.CONTACT_MAX,
    errors: {},
    submitting: false,
    loggedIn: true,
  },

  onLoad() {
    this.idempotencyKey = http.createIdempotencyKey();
  },

  onShow() {
    this.setData({ loggedIn: session.isLoggedIn() });
  },

  onContentInput(e) {
    const content = e.detail.value;
    this.setData({ content, contentLength: content.length, 'errors.content': '' });
  },

  onContactInput(e) {
    this.setData({ contact: e.detail.value, 'errors.contact': '' });
  },

  goLogin() {
    wx.navigateTo({ url: LOGIN_PAGE });
  },

  openMyFeedback() {
    if (!session.isLoggedIn()) {
      this.goLogin();
      return;
    }
    wx.navigateTo({ url: LIST_PAGE });
  },

  async onSubmit() {
    if (this.data.submitting) return;
    if (!session.isLoggedIn()) {
      this.goLogin();
      return;
    }
    const values = { content: this.data.content, contact: this.data.contact };
    const errors = feedbackService.checkFeedback(values);
    if (Object.keys(errors).length) {
      this.setData({ errors });
      wxp.toast(errors.content || errors.contact);
      return;
    }
    this.setData({ submitting: true, errors: {} });
    try {
      await feedbackService.createFeedback(values, { idempotencyKey: this.idempotencyKey, showError: false });
      this.idempotencyKey = http.createIdempotencyKey(); // the next feedback is a new one
      this.setData({ content: '', contact: '', contentLength: 0 });
      wxp.toast('感谢反馈，我们会尽快处理', 'success');
      wx.navigateTo({ url: LIST_PAGE });
    } catch (err) {
      if (err && err.errors && Object.keys(err.errors).length) this.setData({ errors: validate.flattenErrors(err.errors) });
      if (!(err && err.handled)) wxp.toast((err && err.message) || '提交失败，请稍后重试');
    } finally {
      this.setData({ submitting: false });
    }
  },
});
