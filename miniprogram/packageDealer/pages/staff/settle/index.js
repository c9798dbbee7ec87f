/**
 * 记录结算 (?id=): the dealer paid a staff member offline and records it: amount in yuan (> 0, ≤ settleable) and a
 * note. One idempotency key per filled-in form (renewed once the server answered, kept after a network failure).
 */
const dealerService = require('../../../../services/dealer');
const http = require('../../../../utils/request');
const rules = require('../../../../utils/dealer');
const format = require('../../../../utils/format');
const validate = require('../../../../utils/validate');
const wxp = require('../../../../utils/wxp');

Page({
  data: {
    id: 0,
    status: 'loading',
    errorMessage: '',
    staffName: '',
    settleable: 0,
    settleableText: '',
    form: { amountText: '', note: '' },
    errors: {},
    saving: false,
  },

  onLoad(query) {
    this.idempotencyKey = http.createIdempotencyKey();
    this.setData({ id: Number((query && query.id) || 0) });
    this.load();
  },

  async load() {
    this.setData({ status: 'loading', errorMessage: '' });
    try {
      const staff = await dealerService.getStaff(this.data.id, { showError: false });
      this.setData({ status: 'ready', staffName: staff.name, settleable: staff.settleable || 0, settleableText: format.formatPrice(staff.settleable || 0) });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onAmountInput(e) {
    this.setData({ 'form.amountText': e.detail.value, 'errors.amount': '' });
  },

  onNoteInput(e) {
    this.setData({ 'form.note': e.detail.value, 'errors.note': '' });
  },

  onFillAll() {
    this.setData({ 'form.amountText': format.fenToYuan(this.data.settleable), 'errors.amount': '' });
  },

  async onSubmit() {
    if (this.data.saving) return null;
    const { form, settleable } = this.data;
    const errors = {};
    const amount = rules.checkAmount(form.amountText, settleable, '结算金额', '可结算金额');
    if (amount.error) errors.amount = amount.error;
    if (String(form.note || '').length > 200) errors.note = '备注不能超过200个字';
    if (Object.keys(errors).length) {
      this.setData({ errors });
      wxp.toast(validate.firstError(errors));
      return null;
    }
    const confirmed = await wxp.confirm(`确认已线下向「${this.data.staffName}」支付 ¥${format.fenToYuan(amount.amount)}？`, { confirmText: '确认结算' }).catch(() => false);
    if (!confirmed) return null;
    this.setData({ saving: true, errors: {} });
    try {
      const record = await dealerService.settleStaff(this.data.id, { amount: amount.amount, note: String(form.note || '').trim() }, { showError: false, idempotencyKey: this.idempotencyKey });
      this.idempotencyKey = http.createIdempotencyKey();
      wxp.toast('结算已记录', 'success');
      setTimeout(() => wx.navigateBack({ delta: 1 }), 600);
      return record;
    } catch (err) {
      if (err && err.statusCode) this.idempotencyKey = http.createIdempotencyKey();
      const flat = validate.flattenErrors(err && err.errors);
      this.setData({ errors: flat });
      wxp.toast((err && err.message) || '提交失败');
      if (err && err.statusCode === 409) this.load();
      return null;
    } finally {
      this.setData({ saving: false });
    }
  },
});
