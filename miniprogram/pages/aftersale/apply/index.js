/**
 * 申请售后 ?order_id=: what is still refundable, 仅退款 / 退货退款, a reason from the server's list, optionally some
 * of the order's lines (none chosen = the whole order), the amount in yuan (default: all that is refundable; turned
 * into fen exactly), a description and up to 9 pictures (components/picture-uploader: each uploaded at once through
 * POST /me/uploads?purpose=aftersale; their urls go in `images`). One idempotency key per filled-in form; submit is
 * disabled while it runs and while pictures upload.
 * On success the case opens (redirect). Server refusals are shown on the form (409 codes) or under the field (422).
 */
const aftersaleService = require('../../../services/aftersale');
const orderService = require('../../../services/order');
const format = require('../../../utils/format');
const http = require('../../../utils/request');
const url = require('../../../utils/url');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');

const DETAIL_PAGE = '/pages/aftersale/detail/index';
const LIST_PAGE = '/pages/aftersale/list/index';

// 409 answers that end the application (nothing on the form can fix them)
const BLOCKING_CODES = ['AFTERSALE_ALREADY_OPEN', 'ORDER_NOT_ELIGIBLE', 'AFTERSALE_WINDOW_PASSED', 'ORDER_NOT_PAID'];

function viewLine(line) {
  return {
    id: line.id,
    name: line.name,
    cover: url.assetUrl(line.cover_url),
    maxQuantity: line.quantity,
    quantity: line.quantity,
    unitPriceText: format.formatPrice(line.unit_price),
    lineTotalText: format.formatPrice(line.line_total),
    selected: false,
  };
}

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    orderId: '',
    orderNo: '',
    refundable: 0,
    refundableText: '0.00',
    kinds: aftersaleService.KINDS,
    kind: 'refund_only',
    reasons: [],
    reasonIndex: -1,
    reason: '',
    lines: [],
    selectedCount: 0,
    amountText: '',
    description: '',
    descriptionLength: 0,
    descriptionMax: aftersaleService.DESCRIPTION_MAX,
    errors: {},
    formError: '', // a refusal of the whole application (409)
    formErrorCode: '',
    submitting: false,
    maxImages: aftersaleService.MAX_IMAGES,
    images: [], // uploaded picture urls (from the picture-uploader's change event)
    picturesUploading: 0,
    picturesFailed: 0,
  },

  onLoad(query) {
    const orderId = (query && query.order_id) || '';
    this.idempotencyKey = http.createIdempotencyKey();
    this.setData({ orderId });
    this.load();
  },

  async load() {
    const orderId = this.data.orderId;
    if (!orderId) {
      this.setData({ status: 'error', errorMessage: '缺少订单信息' });
      return;
    }
    this.setData({ status: 'loading', errorMessage: '' });
    try {
      const [refundable, order] = await Promise.all([
        aftersaleService.getRefundable(orderId, { showError: false }),
        orderService.getOrder(orderId, { showError: false }),
      ]);
      const amount = (refundable && refundable.refundable_amount) || 0;
      this.setData({
        status: 'ready',
        orderNo: (order && order.order_no) || '',
        refundable: amount,
        refundableText: format.fenToYuan(amount),
        reasons: (refundable && refundable.reasons) || [],
        lines: ((order && order.lines) || []).map(viewLine),
        amountText: amount > 0 ? format.fenToYuan(amount) : '',
      });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onRetry() {
    this.load();
  },

  onKindTap(e) {
    this.setData({ kind: e.currentTarget.dataset.kind, 'errors.kind': '' });
  },

  onReasonChange(e) {
    const index = Number(e.detail.value);
    this.setData({ reasonIndex: index, reason: this.data.reasons[index] || '', 'errors.reason': '' });
  },

  onLineToggle(e) {
    const index = Number(e.currentTarget.dataset.index);
    const line = this.data.lines[index];
    if (!line) return;
    this.setData({ [`lines[${index}].selected`]: !line.selected, 'errors.lines': '' });
    this.setData({ selectedCount: this.data.lines.filter((l) => l.selected).length });
  },

  onLineQuantity(e) {
    const index = Number(e.currentTarget.dataset.index);
    const step = Number(e.currentTarget.dataset.step);
    const line = this.data.lines[index];
    if (!line) return;
    const quantity = Math.min(line.maxQuantity, Math.max(1, line.quantity + step));
    this.setData({ [`lines[${index}].quantity`]: quantity, 'errors.lines': '' });
  },

  onAmountInput(e) {
    this.setData({ amountText: e.detail.value, 'errors.amount': '' });
  },

  onAmountAll() {
    this.setData({ amountText: format.fenToYuan(this.data.refundable), 'errors.amount': '' });
  },

  onDescriptionInput(e) {
    const description = e.detail.value;
    this.setData({ description, descriptionLength: description.length, 'errors.description': '' });
  },

  onPicturesChange(e) {
    const d = e.detail || {};
    this.setData({ images: d.urls || [], picturesUploading: d.uploading || 0, picturesFailed: d.failed || 0 });
  },

  openCases() {
    wx.navigateTo({ url: `${LIST_PAGE}` });
  },

  async onSubmit() {
    if (this.data.submitting || this.data.status !== 'ready') return;
    const d = this.data;
    if (d.picturesUploading) {
      wxp.toast('图片上传中，请稍候');
      return;
    }
    if (d.picturesFailed) {
      wxp.toast('有图片上传失败，请重试或删除');
      return;
    }
    const values = { kind: d.kind, reason: d.reason, amountText: d.amountText, description: d.description };
    const errors = aftersaleService.checkApplication(values, d.refundable, d.reasons);
    if (Object.keys(errors).length) {
      this.setData({ errors, formError: '' });
      wxp.toast(errors.reason || errors.amount || errors.kind || errors.description);
      return;
    }
    const lines = d.lines.filter((l) => l.selected).map((l) => ({ line_id: l.id, quantity: l.quantity }));
    this.setData({ submitting: true, errors: {}, formError: '', formErrorCode: '' });
    try {
      const created = await aftersaleService.openCase(
        d.orderId,
        { kind: d.kind, reason: d.reason, amount: aftersaleService.parseYuan(d.amountText), description: d.description, images: d.images, lines },
        { idempotencyKey: this.idempotencyKey, showError: false },
      );
      this.idempotencyKey = http.createIdempotencyKey();
      wxp.toast('售后申请已提交', 'success');
      wx.redirectTo({ url: `${DETAIL_PAGE}?id=${created.id}` });
    } catch (err) {
      this.onSubmitError(err || {});
    } finally {
      this.setData({ submitting: false });
    }
  },

  onSubmitError(err) {
    // The server answered: the next try is a new request. A network failure keeps the key (a harmless re-send).
    if (err.statusCode) this.idempotencyKey = http.createIdempotencyKey();
    const message = err.message || '提交失败，请稍后重试';
    if (err.error_code === 'AMOUNT_EXCEEDS_REFUNDABLE') {
      const amountError = validate.flattenErrors(err.errors).amount || message;
      this.setData({ 'errors.amount': amountError });
      wxp.toast(amountError);
      this.refreshRefundable();
      return;
    }
    if (BLOCKING_CODES.indexOf(err.error_code) !== -1) {
      this.setData({ formError: message, formErrorCode: err.error_code });
      wxp.toast(message);
      return;
    }
    if (err.errors && Object.keys(err.errors).length) this.setData({ errors: validate.flattenErrors(err.errors) });
    if (err.statusCode === 409 || err.statusCode === 404) this.setData({ formError: message, formErrorCode: err.error_code || '' });
    wxp.toast(message);
  },

  /** After 422 AMOUNT_EXCEEDS_REFUNDABLE: show what is refundable now (another refund may have gone through). */
  async refreshRefundable() {
    try {
      const answer = await aftersaleService.getRefundable(this.data.orderId, { showError: false });
      const amount = (answer && answer.refundable_amount) || 0;
      this.setData({ refundable: amount, refundableText: format.fenToYuan(amount) });
    } catch (e) {
      // keep the figure shown
    }
  },
});
