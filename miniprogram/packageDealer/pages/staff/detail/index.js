/**
 * 员工详情 (?id=): phone, commission rate, members brought, pending / settleable / settled; 编辑, 记录结算, 结算记录,
 * 会员, 删除 (after a confirm; refused with 409 STAFF_HAS_UNSETTLED while money is open). Flagship stores also see
 * the operator part: status and modules, 设为操作员 / 修改权限 (→ operator page), 关闭操作员 (after a confirm).
 */
const dealerService = require('../../../../services/dealer');
const rules = require('../../../../utils/dealer');
const format = require('../../../../utils/format');
const wxp = require('../../../../utils/wxp');

const P = '/packageDealer/pages';

function viewStaff(s) {
  return {
    id: s.id,
    name: s.name,
    phone: s.phone,
    rateText: `${rules.bpToPercent(s.commission_rate_bp)}%`,
    membersCount: s.members_count || 0,
    pendingText: format.formatPrice(s.pending || 0),
    settleableText: format.formatPrice(s.settleable || 0),
    settledText: format.formatPrice(s.settled || 0),
    settleable: s.settleable || 0,
    createdText: format.formatDay(s.created_at),
    operatorStatus: s.operator_status || 'none',
    operatorText: rules.operatorStatusName(s),
    modulesText: rules.normalizeModules(s.operator_modules).map(rules.moduleLabel).join('、'),
  };
}

Page({
  data: {
    id: 0,
    status: 'loading',
    errorMessage: '',
    staff: null,
    flagship: false,
    busy: false,
  },

  onLoad(query) {
    this.setData({ id: Number((query && query.id) || 0) });
  },

  onShow() {
    this.load(Boolean(this.data.staff));
  },

  async load(quiet) {
    if (!quiet) this.setData({ status: 'loading', errorMessage: '' });
    try {
      const [staff, me] = await Promise.all([
        dealerService.getStaff(this.data.id, { showError: false }),
        dealerService.getMe({ showError: false }).catch(() => null),
      ]);
      this.setData({
        status: 'ready',
        staff: viewStaff(staff),
        flagship: Boolean(me && me.dealer && me.dealer.kind === 'flagship_store'),
      });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onRetry() {
    return this.load(false);
  },

  go(e) {
    const id = this.data.id;
    const title = encodeURIComponent(`${this.data.staff ? this.data.staff.name : ''}的会员`);
    const targets = {
      edit: `${P}/staff/edit/index?id=${id}`,
      settle: `${P}/staff/settle/index?id=${id}`,
      settlements: `${P}/settlements/index?scope=dealer&staff_id=${id}`,
      members: `${P}/members/index?scope=dealer&staff_id=${id}&title=${title}`,
      operator: `${P}/staff/operator/index?id=${id}`,
    };
    const target = targets[e.currentTarget.dataset.to];
    if (e.currentTarget.dataset.to === 'settle' && !(this.data.staff && this.data.staff.settleable > 0)) {
      wxp.toast('暂无可结算金额');
      return;
    }
    if (target) wx.navigateTo({ url: target });
  },

  async onDelete() {
    if (this.data.busy) return false;
    const confirmed = await wxp.confirm(`确定删除员工「${this.data.staff.name}」吗？其名下会员仍归属于您。`, { confirmText: '删除' }).catch(() => false);
    if (!confirmed) return false;
    this.setData({ busy: true });
    try {
      await dealerService.deleteStaff(this.data.id);
      wxp.toast('已删除', 'success');
      setTimeout(() => wx.navigateBack({ delta: 1 }), 600);
      return true;
    } catch (err) {
      return false; // the server's message (e.g. 409 STAFF_HAS_UNSETTLED) was shown by request.js
    } finally {
      this.setData({ busy: false });
    }
  },

  async onCloseOperator() {
    if (this.data.busy) return false;
    const confirmed = await wxp.confirm('关闭后该员工将不能再操作店铺模块，确定关闭吗？', { confirmText: '关闭' }).catch(() => false);
    if (!confirmed) return false;
    this.setData({ busy: true });
    try {
      const staff = await dealerService.closeOperator(this.data.id);
      this.setData({ staff: viewStaff(staff) });
      wxp.toast('已关闭操作员', 'success');
      return true;
    } catch (err) {
      return false;
    } finally {
      this.setData({ busy: false });
    }
  },
});
