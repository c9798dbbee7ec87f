/**
 * 添加员工 / 编辑员工 (?id= to edit): name, phone (only when adding: the account is found or created by phone), commission
 * rate in percent (0–100, two decimals → basis points). Adding keeps one idempotency key per filled-in form.
 * Adding needs the person's consent: an SMS code goes to their phone and they read it out to the dealer, who enters it.
 */
const dealerService = require('../../../../services/dealer');
const http = require('../../../../utils/request');
const rules = require('../../../../utils/dealer');
const { countdownMethods } = require('../../../../utils/countdown');
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
    const codeError = validate.checkSmsCode(form.code);
    if (codeError) errors.code = codeError;
  }
  const rate = rules.checkCommissionRate(form.rateText);
  if (rate.error) errors.rate = rate.error;
  return { errors, rateBp: rate.bp };
}

Page(Object.assign({}, countdownMethods, {
  data: {
    id: 0,
    status: 'ready', // loading | error | ready
    errorMessage: '',
    form: { name: '', phone: '', rateText: '', code: '' },
    errors: {},
    saving: false,
    sending: false,
    countdown: 0,
  },

  onLoad(query) {
    const id = Number((query && query.id) || 0);
    this.idempotencyKey = http.createIdempotencyKey();
    this.setData({ id });
    wx.setNavigationBarTitle({ title: id ? '编辑员工' : '添加员工' });
    if (id) this.load();
  },

  onUnload() {
    this.stopCountdown();
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

  /** Sends the code to the new staff member's phone; the answer is the same for every phone. */
  async onSendCode() {
    if (this.data.sending || this.data.countdown > 0) return false;
    const phone = String(this.data.form.phone || '').trim();
    const phoneError = validate.checkPhone(phone);
    if (phoneError) {
      this.setData({ 'errors.phone': phoneError });
      wxp.toast(phoneError);
      return false;
    }
    this.setData({ sending: true });
    try {
      const res = await dealerService.sendStaffCode(phone, { showError: false });
      this.startCountdown(res && res.resend_after);
      wxp.toast('验证码已发送', 'success');
      return true;
    } catch (err) {
      if (err && err.retry_after) this.startCountdown(err.retry_after);
      if (err && err.errors && err.errors.phone) this.setData({ 'errors.phone': validate.firstError({ phone: err.errors.phone }) });
      wxp.toast((err && err.message) || '发送失败，请稍后重试');
      return false;
    } finally {
      this.setData({ sending: false });
    }
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
        : await dealerService.createStaff({ name, phone: form.phone.trim(), commission_rate_bp: rateBp, code: String(form.code).trim() }, { showError: false, idempotencyKey: this.idempotencyKey });
      wxp.toast(editing ? '已保存' : '已添加', 'success');
      this.idempotencyKey = http.createIdempotencyKey();
      setTimeout(() => wx.navigateBack({ delta: 1 }), 600);
      return staff;
    } catch (err) {
      if (err && err.statusCode) this.idempotencyKey = http.createIdempotencyKey(); // answered: a new try is a new request
      const flat = validate.flattenErrors(err && err.errors);
      if (flat.commission_rate_bp) flat.rate = flat.commission_rate_bp;
      if (err && /^SMS_CODE_/.test(err.error_code || '')) flat.code = err.message;
      this.setData({ errors: flat });
      wxp.toast((err && err.message) || '保存失败');
      return null;
    } finally {
      this.setData({ saving: false });
    }
  },
}));
