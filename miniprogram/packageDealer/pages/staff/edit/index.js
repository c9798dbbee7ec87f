/**
 * 添加员工 / 编辑员工 (?id= to edit): name, phone (only when adding: the account is found or created by phone), commission
 * rate in percent (0–100, two decimals → basis points). Adding keeps one idempotency key per filled-in form.
 */
const dealerService = require('../../../../services/dealer');
const http = require('../../../../utils/request');
const rules = require('../../../../utils/dealer');
const validate = require('../../../../utils/validate');
const wxp = require('../../../../utils/wxp');

function checkForm(form, editing) {
  const errors = {};
  const name = String(form.name || '').trim();
  if (!name) errors.name = '请输入员工姓名';
  else if (name.length > 32) errors.name = '姓名不能超过32个字';
  if (!editing) {
    const phoneError = validate.checkPhone(form.phone);
    if (phoneError) errors.phone = phoneError;
  }
  const rate = rules.checkCommissionRate(form.rateText);
  if (rate.error) errors.rate = rate.error;
  return { errors, rateBp: rate.bp };
}

Page({
  data: {
    id: 0,
    status: 'ready', // loading | error | ready
    errorMessage: '',
    form: { name: '', phone: '', rateText: '' },
    errors: {},
    saving: false,
  },

  onLoad(query) {
    const id = Number((query && query.id) || 0);
    this.idempotencyKey = http.createIdempotencyKey();
    this.setData({ id });
    wx.setNavigationBarTitle({ title: id ? '编辑员工' : '添加员工' });
    if (id) this.load();
  },

  async load() {
    this.setData({ status: 'loading', errorMessage: '' });
    try {
      const staff = await dealerService.getStaff(this.data.id, { showError: false });
      this.setData({ status: 'ready', form: { name: staff.name, phone: staff.phone, rateText: rules.bpToPercent(staff.commission_rate_bp) } });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onInput(e) {
    const field = e.currentTarget.dataset.field;
    const key = field === 'rateText' ? 'rate' : field;
    this.setData({ [`form.${field}`]: e.detail.value, [`errors.${key}`]: '' });
  },

  async onSave() {
    if (this.data.saving) return null;
    const editing = Boolean(this.data.id);
    const { form } = this.data;
    const { errors, rateBp } = checkForm(form, editing);
    if (Object.keys(errors).length) {
      this.setData({ errors });
      wxp.toast(validate.firstError(errors));
      return null;
    }
    this.setData({ saving: true, errors: {} });
    try {
      const name = form.name.trim();
      const staff = editing
        ? await dealerService.updateStaff(this.data.id, { name, commission_rate_bp: rateBp }, { showError: false })
        : await dealerService.createStaff({ name, phone: form.phone.trim(), commission_rate_bp: rateBp }, { showError: false, idempotencyKey: this.idempotencyKey });
      wxp.toast(editing ? '已保存' : '已添加', 'success');
      this.idempotencyKey = http.createIdempotencyKey();
      setTimeout(() => wx.navigateBack({ delta: 1 }), 600);
      return staff;
    } catch (err) {
      if (err && err.statusCode) this.idempotencyKey = http.createIdempotencyKey(); // answered: a new try is a new request
      const flat = validate.flattenErrors(err && err.errors);
      if (flat.commission_rate_bp) flat.rate = flat.commission_rate_bp;
      this.setData({ errors: flat });
      wxp.toast((err && err.message) || '保存失败');
      return null;
    } finally {
      this.setData({ saving: false });
    }
  },
});
