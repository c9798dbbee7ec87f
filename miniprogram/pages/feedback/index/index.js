/**
 * 意见反馈: text (5–1000 characters), an optional contact and up to 9 pictures (components/picture-uploader, each
 * uploaded at once through POST /me/uploads?purpose=feedback; submit waits for them). One idempotency key per filled-in
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
    maxImages: feedbackService.MAX_IMAGES,
    images: [], // uploaded picture urls (from the picture-uploader's change event)
    picturesUploading: 0,
    picturesFailed: 0,
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

  onPicturesChange(e) {
    const d = e.detail || {};
    this.setData({ images: d.urls || [], picturesUploading: d.uploading || 0, picturesFailed: d.failed || 0 });
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
    if (this.data.picturesUploading) {
      wxp.toast('图片上传中，请稍候');
      return;
    }
    if (this.data.picturesFailed) {
      wxp.toast('有图片上传失败，请重试或删除');
      return;
    }
    const values = { content: this.data.content, contact: this.data.contact, images: this.data.images };
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
      const pictures = this.selectComponent('#feedback-pictures');
      if (pictures) pictures.reset();
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
