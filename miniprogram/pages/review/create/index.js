/**
 * 评价 ?order_id=: the lines of a completed order not reviewed yet, each with 1–5 stars (default 5) and text,
 * and up to 9 pictures per line (components/picture-uploader, each uploaded at once through
 * POST /me/uploads?purpose=review; a line's 提交评价 waits for its pictures), submitted one by one; a reviewed line
 * shows 已评价; when none is left the page shows the done state.
 */
const reviewService = require('../../../services/review');
const format = require('../../../utils/format');
const http = require('../../../utils/request');
const url = require('../../../utils/url');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');

const STARS = [1, 2, 3, 4, 5];
const DEFAULT_RATING = 5;

function viewLine(line) {
  return {
    id: line.id,
    name: line.name,
    cover: url.assetUrl(line.cover_url),
    quantity: line.quantity,
    priceText: format.formatPrice(line.unit_price),
    rating: DEFAULT_RATING,
    ratingText: reviewService.ratingText(DEFAULT_RATING),
    content: '',
    contentLength: 0,
    error: '',
    images: [], // uploaded picture urls (from the line's picture-uploader)
    picturesUploading: 0,
    picturesFailed: 0,
    submitting: false,
    done: false,
  };
}

Page({
  data: {
    status: 'loading', // loading | error | ready | done | blocked
    errorMessage: '',
    blockedMessage: '',
    lines: [],
    stars: STARS,
    contentMax: reviewService.CONTENT_MAX,
    maxImages: reviewService.MAX_IMAGES,
  },

  onLoad(query) {
    this.orderId = (query && query.order_id) || '';
    this.keys = {}; // one idempotency key per line's review
    this.load();
  },

  async load() {
    if (!this.orderId) {
      this.setData({ status: 'error', errorMessage: '缺少订单信息' });
      return;
    }
    this.setData({ status: 'loading', errorMessage: '' });
    try {
      const answer = await reviewService.listUnreviewedLines(this.orderId, { showError: false });
      const lines = ((answer && answer.items) || []).map(viewLine);
      this.setData({ lines, status: lines.length ? 'ready' : 'done' });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onRetry() {
    this.load();
  },

  indexOf(e) {
    return Number(e.currentTarget.dataset.index);
  },

  onStarTap(e) {
    const index = this.indexOf(e);
    const rating = Number(e.currentTarget.dataset.rating);
    const line = this.data.lines[index];
    if (!line || line.done) return;
    this.setData({
      [`lines[${index}].rating`]: rating,
      [`lines[${index}].ratingText`]: reviewService.ratingText(rating),
      [`lines[${index}].error`]: '',
    });
  },

  onContentInput(e) {
    const index = this.indexOf(e);
    const content = e.detail.value;
    this.setData({ [`lines[${index}].content`]: content, [`lines[${index}].contentLength`]: content.length, [`lines[${index}].error`]: '' });
  },

  onPicturesChange(e) {
    const index = this.indexOf(e);
    const d = e.detail || {};
    if (!this.data.lines[index]) return;
    this.setData({
      [`lines[${index}].images`]: d.urls || [],
      [`lines[${index}].picturesUploading`]: d.uploading || 0,
      [`lines[${index}].picturesFailed`]: d.failed || 0,
      [`lines[${index}].error`]: '',
    });
  },

  async onSubmitLine(e) {
    const index = this.indexOf(e);
    const line = this.data.lines[index];
    if (!line || line.done || line.submitting) return;
    if (line.picturesUploading || line.picturesFailed) {
      const message = line.picturesUploading ? '图片上传中，请稍候' : '有图片上传失败，请重试或删除';
      this.setData({ [`lines[${index}].error`]: message });
      wxp.toast(message);
      return;
    }
    const errors = reviewService.checkReview({ rating: line.rating, content: line.content });
    if (Object.keys(errors).length) {
      this.setData({ [`lines[${index}].error`]: errors.rating || errors.content });
      return;
    }
    if (!this.keys[line.id]) this.keys[line.id] = http.createIdempotencyKey();
    this.setData({ [`lines[${index}].submitting`]: true, [`lines[${index}].error`]: '' });
    try {
      await reviewService.createReview(
        this.orderId,
        { order_line_id: line.id, rating: line.rating, content: line.content, images: line.images },
        { idempotencyKey: this.keys[line.id], showError: false },
      );
      this.markDone(index);
      wxp.toast('评价成功', 'success');
    } catch (err) {
      this.onLineError(index, line, err || {});
    } finally {
      this.setData({ [`lines[${index}].submitting`]: false });
    }
  },

  onLineError(index, line, err) {
    if (err.statusCode) delete this.keys[line.id]; // answered: a new try is a new request
    const message = err.message || '提交失败，请稍后重试';
    if (err.error_code === 'ALREADY_REVIEWED') {
      this.markDone(index);
      wxp.toast(message);
      return;
    }
    if (err.error_code === 'ORDER_NOT_COMPLETED') {
      this.setData({ status: 'blocked', blockedMessage: message });
      return;
    }
    const fields = validate.flattenErrors(err.errors);
    this.setData({ [`lines[${index}].error`]: fields.rating || fields.content || fields.images || fields.order_line_id || message });
    wxp.toast(message);
  },

  markDone(index) {
    this.setData({ [`lines[${index}].done`]: true });
    if (this.data.lines.every((l) => l.done)) this.setData({ status: 'done' });
  },

  goOrder() {
    if (this.orderId) wx.redirectTo({ url: `/pages/order/detail/index?id=${this.orderId}` });
  },

  goBack() {
    if (getCurrentPages().length > 1) wx.navigateBack({ delta: 1 });
    else wx.switchTab({ url: '/pages/user/center/index' });
  },
});
