/** 员工管理: staff list with the count, search by name / phone, 添加员工; tap → detail; reloaded when shown again. */
const dealerService = require('../../../../services/dealer');
const rules = require('../../../../utils/dealer');
const format = require('../../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../../utils/list-page');

const PAGE_SIZE = 20;
const P = '/packageDealer/pages/staff';

function viewStaff(s) {
  return {
    id: s.id,
    name: s.name,
    phone: format.maskPhone(s.phone),
    rateText: `${rules.bpToPercent(s.commission_rate_bp)}%`,
    membersCount: s.members_count || 0,
    settleableText: format.formatPrice(s.settleable || 0),
    operatorText: s.operator_status && s.operator_status !== 'none' ? rules.operatorStatusName(s) : '',
  };
}

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, { keyword: '', total: 0 }),

      onShow() {
        if (!this.listPager) this.startSearch();
        else this.reloadList({ silent: true });
      },

      startSearch() {
        const q = this.data.keyword;
        return this.startList(async (page, pageSize) => {
          const answer = await dealerService.listStaff({ q, page, page_size: pageSize }, { showError: false });
          if (answer && typeof answer.total === 'number') this.setData({ total: answer.total });
          return answer;
        }, PAGE_SIZE);
      },

      viewRows(rows) {
        return rows.map(viewStaff);
      },

      onKeywordInput(e) {
        this.setData({ keyword: e.detail.value });
      },

      onSearch() {
        this.setData({ keyword: String(this.data.keyword || '').trim() });
        return this.startSearch();
      },

      onAdd() {
        wx.navigateTo({ url: `${P}/edit/index` });
      },

      onStaffTap(e) {
        wx.navigateTo({ url: `${P}/detail/index?id=${e.currentTarget.dataset.id}` });
      },

      onPullDownRefresh() {
        this.reloadList({ silent: true }).then(() => wx.stopPullDownRefresh());
      },

      onReachBottom() {
        this.loadMoreList();
      },
    },
    listMethods,
  ),
);
