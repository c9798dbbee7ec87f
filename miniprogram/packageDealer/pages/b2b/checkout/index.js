/**
 * 确认订货: the cart's lines and total, the receiver (prefilled from my dealer info when I may read it), region,
 * address, remark → POST /dealer/b2b/orders {from_cart: true, …} (one idempotency key per filled-in form) → the
 * order's detail, where it is paid by stored value or by an offline transfer.
 */
const dealerService = require('../../../../services/dealer');
const http = require('../../../../utils/request');
const format = require('../../../../utils/format');
const url = require('../../../../utils/url');
const validate = require('../../../../utils/validate');
const wxp = require('../../../../utils/wxp');

const FIELD_MAP = { province: 'region', city: 'region', district: 'region', detail: 'address_detail' };

function checkForm(form) {
  const errors = validate.checkAddress({
    receiver_name: form.receiver_name,
    receiver_phone: form.receiver_phone,
    province: form.province,
    city: form.city,
    district: form.district,
    detail: form.address_detail,
  });
  const mapped = {};
  Object.keys(errors).forEach((key) => {
    mapped[FIELD_MAP[key] || key] = errors[key];
  });
  if (String(form.remark || '').length > 200) mapped.remark = '备注不能超过200个字';
  return mapped;
}

Page({
  data: {
    status: 'loading',
    errorMessage: '',
    lines: [],
    totalText: '',
    form: { receiver_name: '', receiver_phone: '', province: '', city: '', district: '', address_detail: '', remark: '' },
    regionText: '',
    errors: {},
    submitting: false,
  },

  onLoad() {
    this.idempotencyKey = http.createIdempotencyKey();
    this.load();
  },

  async load() {
    this.setData({ status: 'loading', errorMessage: '' });
    try {
      const [cart, me] = await Promise.all([
        dealerService.getB2bCart({ showError: false }),
        dealerService.getMe({ showError: false }).catch(() => null), // an operator may not read it
      ]);
      const lines = ((cart && cart.lines) || []).map((l) => ({
        id: l.id,
        name: l.name,
        cover: url.assetUrl(l.cover_url),
        unitPrice: l.unit_price,
        quantity: l.quantity,
      }));
      const patch = { status: lines.length ? 'ready' : 'empty', lines, totalText: format.formatPrice((cart && cart.total) || 0) };
      const dealer = me && me.dealer;
      if (dealer && !this.data.form.receiver_name) {
        patch.form = Object.assign({}, this.data.form, {
          receiver_name: dealer.contact_name || '',
          receiver_phone: dealer.phone || '',
          province: dealer.province || '',
          city: dealer.city || '',
          address_detail: dealer.address || '',
        });
        patch.regionText = [dealer.province, dealer.city].filter(Boolean).join(' ');
      }
      this.setData(patch);
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

  async onSubmit() {
    if (this.data.submitting) return null;
    const form = this.data.form;
    const errors = checkForm(form);
    if (Object.keys(errors).length) {
      this.setData({ errors });
      wxp.toast(validate.firstError(errors));
      return null;
    }
    this.setData({ submitting: true, errors: {} });
    const body = {
      from_cart: true,
      receiver_name: form.receiver_name.trim(),
      receiver_phone: form.receiver_phone.trim(),
      province: form.province,
      city: form.city,
      district: form.district,
      address_detail: form.address_detail.trim(),
      remark: String(form.remark || '').trim(),
    };
    try {
      const order = await dealerService.createB2bOrder(body, { showError: false, idempotencyKey: this.idempotencyKey });
      this.idempotencyKey = http.createIdempotencyKey();
      wxp.toast('订货单已提交', 'success');
      wx.redirectTo({ url: `/packageDealer/pages/b2b/detail/index?id=${order.id}` });
      return order;
    } catch (err) {
      if (err && err.statusCode) this.idempotencyKey = http.createIdempotencyKey();
      const flat = validate.flattenErrors(err && err.errors);
      ['province', 'city', 'district'].forEach((k) => {
        if (flat[k]) flat.region = flat[k];
      });
      this.setData({ errors: flat });
      wxp.toast((err && err.message) || '提交失败');
      return null;
    } finally {
      this.setData({ submitting: false });
    }
  },
});
