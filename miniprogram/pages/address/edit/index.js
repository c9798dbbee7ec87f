/** Address form (create with no id, edit with ?id=). Client checks first, then the server's field errors. */
const addressService = require('../../../services/address');
const validate = require('../../../utils/validate');
const wxp = require('../../../utils/wxp');
const http = require('../../../utils/request');

const EMPTY_FORM = {
  receiver_name: '',
  receiver_phone: '',
  province: '',
  city: '',
  district: '',
  detail: '',
  postcode: '',
  is_default: false,
};

const REGION_FIELDS = ['province', 'city', 'district'];

/** Server field errors → form errors; the three region fields share one line under the picker. */
function formErrors(serverErrors) {
  const flat = validate.flattenErrors(serverErrors);
  REGION_FIELDS.forEach((field) => {
    if (flat[field]) {
      flat.region = flat.region || flat[field];
      delete flat[field];
    }
  });
  return flat;
}

Page({
  data: {
    id: 0,
    status: 'ready', // loading | error | ready
    errorMessage: '',
    saving: false,
    form: Object.assign({}, EMPTY_FORM),
    regionText: '',
    errors: {},
  },

  onLoad(query) {
    const id = Number(query && query.id) || 0;
    // One key per form: a double tap or a retry after a network error cannot create the address twice.
    this.idempotencyKey = http.createIdempotencyKey();
    this.setData({ id });
    if (id) {
      wx.setNavigationBarTitle({ title: '编辑收货地址' });
      this.load();
    }
  },

  async load() {
    this.setData({ status: 'loading' });
    try {
      const address = await addressService.getAddress(this.data.id, { showError: false });
      const form = {};
      Object.keys(EMPTY_FORM).forEach((key) => {
        form[key] = address[key] === null || address[key] === undefined ? EMPTY_FORM[key] : address[key];
      });
      this.setData({ status: 'ready', form, regionText: [form.province, form.city, form.district].filter(Boolean).join(' ') });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onInput(e) {
    const field = e.currentTarget.dataset.field;
    this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
  },

  onRegionChange(e) {
    const [province, city, district] = e.detail.value || [];
    this.setData({
      'form.province': province || '',
      'form.city': city || '',
      'form.district': district || '',
      regionText: [province, city, district].filter(Boolean).join(' '),
      'errors.region': '',
    });
  },

  onDefaultChange(e) {
    this.setData({ 'form.is_default': Boolean(e.detail.value) });
  },

  async onSave() {
    if (this.data.saving) return;
    const form = Object.assign({}, this.data.form, {
      receiver_name: String(this.data.form.receiver_name || '').trim(),
      receiver_phone: String(this.data.form.receiver_phone || '').trim(),
      detail: String(this.data.form.detail || '').trim(),
      postcode: String(this.data.form.postcode || '').trim(),
    });
    const errors = validate.checkAddress(form);
    if (Object.keys(errors).length) {
      this.setData({ errors });
      wxp.toast(validate.firstError(errors));
      return;
    }
    this.setData({ saving: true, errors: {} });
    try {
      let saved;
      if (this.data.id) {
        saved = await addressService.updateAddress(this.data.id, form, { showError: false });
      } else {
        saved = await addressService.createAddress(form, { showError: false, idempotencyKey: this.idempotencyKey });
      }
      if (form.is_default && saved && !saved.is_default) {
        await addressService.setDefaultAddress(saved.id, { showError: false });
      }
      this.idempotencyKey = http.createIdempotencyKey();
      wxp.toast('已保存', 'success');
      setTimeout(() => wx.navigateBack({ delta: 1 }), 500);
    } catch (err) {
      this.setData({ errors: formErrors(err && err.errors) });
      wxp.toast((err && err.message) || '保存失败');
    } finally {
      this.setData({ saving: false });
    }
  },
});
