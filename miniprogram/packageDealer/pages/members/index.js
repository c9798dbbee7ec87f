/**
 * 会员列表, one page for three lists: ?scope=dealer → 我的会员 (GET /dealer/members); ?scope=dealer&staff_id=
 * → the members a staff member brought (GET /dealer/staff/<id>/members); ?scope=staff → a staff member's own
 * (GET /staff/members). Search by name / phone, infinite scroll, pull-to-refresh.
 */
const dealerService = require('../../../services/dealer');
const staffService = require('../../../services/staff');
const format = require('../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const PAGE_SIZE = 20;

function fetcherFor(scope, staffId) {
  if (scope === 'staff') return (query) => staffService.listMembers(query, { showError: false });
  if (staffId) return (query) => dealerService.listStaffMembers(staffId, query, { showError: false });
  return (query) => dealerService.listMembers(query, { showError: false });
}

function viewMember(m) {
  return {
    id: m.id,
    name: m.nickname || '未设置昵称',
    phone: m.phone || '未绑定手机号',
    levelName: m.member_level_name || '',
    staffName: m.staff_name || '',
    createdText: format.formatDay(m.created_at),
  };
}

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, {
        scope: 'dealer',
        staffId: 0,
        keyword: '',
        total: 0,
        showStaff: true,
      }),

      onLoad(query) {
        const scope = query && query.scope === 'staff' ? 'staff' : 'dealer';
        const staffId = Number((query && query.staff_id) || 0);
        this.setData({ scope, staffId, showStaff: scope === 'dealer' && !staffId });
        if (query && query.title) wx.setNavigationBarTitle({ title: decodeURIComponent(query.title) });
        else if (scope === 'staff') wx.setNavigationBarTitle({ title: '我的会员' });
        this.fetcher = fetcherFor(scope, staffId);
        this.startSearch();
      },

      startSearch() {
        const q = this.data.keyword;
        return this.startList(async (page, pageSize) => {
          const answer = await this.fetcher({ q, page, page_size: pageSize });
          if (answer && typeof answer.total === 'number') this.setData({ total: answer.total });
          return answer;
        }, PAGE_SIZE);
      },

      viewRows(rows) {
        return rows.map(viewMember);
      },

      onKeywordInput(e) {
        this.setData({ keyword: e.detail.value });
      },

      onSearch() {
        this.setData({ keyword: String(this.data.keyword || '').trim() });
        return this.startSearch();
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
