/**
 * 申请提现: amount in yuan (> 0, ≤ withdrawable from /dealer/accounts), bank holder, bank, card number (8–30 digits),
 * invoice number (the dealer invoices the platform; optional here). One idempotency key per filled-in form.
 */
const dealerService = require('../../../../services/dealer');
const http = require('../../../../utils/request');
const rules = require('../../../../utils/dealer');
const format = require('../../../../utils/format');
const validate = require('../../../../utils/validate');
const wxp = require('../../../../utils/wxp');

const FIELD_ALIASES = { amount: 'amount' };

Page({
  data: {
    status: 'loading',
    errorMessage: '',
    withdrawable: 0,
    withdrawableText: '',
    form: { amountText: '', bank_holder: '', bank_name: '', bank_account: '', invoice_no: '' },
    errors: {},
    saving: false,
  },

  onLoad() {
    this.idempotencyKey = http.createIdempotencyKey();
    this.load();
  },

  async load() {
    this.setData({ status: 'loading', errorMessage: '' });
    try {
      const accounts = await dealerService.getAccounts({ showError: false });
      const withdrawable = accounts.withdrawable || 0;
      this.setData({ status: 'ready', withdrawable, withdrawableText: format.formatPrice(withdrawable) });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onInput(e) {
    const field = e.currentTarget.dataset.field;
    const key = field === 'amountText' ? 'amount' : field;
    this.setData({ [`form.${field}`]: e.detail.value, [`errors.${key}`]: '' });
  },

  onFillAll() {
    this.setData({ 'form.amountText': format.fenToYuan(this.data.withdrawable), 'errors.amount': '' });
  },

  async onSubmit() {
    if (this.data.saving) return null;
    const { errors, payload } = rules.checkWithdrawal(this.data.form, this.data.withdrawable);
    if (Object.keys(errors).length) {
      this.setData({ errors });
      wxp.toast(validate.firstError(errors));
      return null;
    }
    this.setData({ saving: true, errors: {} });
    try {
      const withdrawal = await dealerService.requestWithdrawal(payload, { showError: false, idempotencyKey: this.idempotencyKey });
      this.idempotencyKey = http.createIdempotencyKey();
      wxp.toast('提现申请已提交', 'success');
      setTimeout(() => wx.redirectTo({ url: '/packageDealer/pages/withdraw/list/index' }), 600);
      return withdrawal;
    } catch (err) {
      if (err && err.statusCode) this.idempotencyKey = http.createIdempotencyKey();
      const flat = validate.flattenErrors(err && err.errors);
      Object.keys(FIELD_ALIASES).forEach((k) => {
        if (flat[k]) flat[FIELD_ALIASES[k]] = flat[k];
      });
      this.setData({ errors: flat });
      wxp.toast((err && err.message) || '提交失败');
      if (err && err.statusCode === 409) this.load(); // e.g. the withdrawable amount changed meanwhile
      return null;
    } finally {
      this.setData({ saving: false });
    }
  },
});
