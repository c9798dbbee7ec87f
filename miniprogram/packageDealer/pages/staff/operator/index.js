/**
 * 操作员权限 (?id=, flagship stores only): tick the modules the staff member may operate (B2B订货, 配送订单, 发货,
 * 结算账户, 卡券) and save (PUT /dealer/staff/<id>/operator makes or updates the operator). At least one module.
 */
const dealerService = require('../../../../services/dealer');
const rules = require('../../../../utils/dealer');
const wxp = require('../../../../utils/wxp');

Page({
  data: {
    id: 0,
    status: 'loading',
    errorMessage: '',
    staffName: '',
    active: false,
    options: rules.moduleOptions([]),
    selected: [],
    saving: false,
  },

  onLoad(query) {
    this.setData({ id: Number((query && query.id) || 0) });
    this.load();
  },

  async load() {
    this.setData({ status: 'loading', errorMessage: '' });
    try {
      const staff = await dealerService.getStaff(this.data.id, { showError: false });
      const active = rules.isActiveOperator(staff);
      const selected = active ? rules.normalizeModules(staff.operator_modules) : [];
      this.setData({ status: 'ready', staffName: staff.name, active, selected, options: rules.moduleOptions(selected) });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onModulesChange(e) {
    const selected = rules.normalizeModules(e.detail.value);
    this.setData({ selected, options: rules.moduleOptions(selected) });
  },

  async onSave() {
    if (this.data.saving) return null;
    const modules = rules.normalizeModules(this.data.selected);
    if (!modules.length) {
      wxp.toast('请至少选择一个模块');
      return null;
    }
    this.setData({ saving: true });
    try {
      const staff = await dealerService.setOperator(this.data.id, modules);
      wxp.toast(this.data.active ? '权限已更新' : '已设为操作员', 'success');
      setTimeout(() => wx.navigateBack({ delta: 1 }), 600);
      return staff;
    } catch (err) {
      return null; // e.g. 403 for a city partner, shown by request.js
    } finally {
      this.setData({ saving: false });
    }
  },
});
