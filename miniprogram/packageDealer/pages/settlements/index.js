/**
 * 结算记录: ?scope=dealer (all my staff, or one with &staff_id=) → GET /dealer/staff-settlements; ?scope=staff → a
 * staff member's own (GET /staff/settlements). Newest first, infinite scroll.
 */
const dealerService = require('../../../services/dealer');
const staffService = require('../../../services/staff');
const format = require('../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, { scope: 'dealer', total: 0, sumText: '' }),

      onLoad(query) {
        const scope = query && query.scope === 'staff' ? 'staff' : 'dealer';
        const staffId = Number((query && query.staff_id) || 0);
        this.setData({ scope });
        this.startList(async (page, pageSize) => {
          const q = { page, page_size: pageSize };
          if (staffId) q.staff_id = staffId;
          const answer = scope === 'staff'
            ? await staffService.listSettlements(q, { showError: false })
            : await dealerService.listStaffSettlements(q, { showError: false });
          if (answer && typeof answer.total === 'number') this.setData({ total: answer.total });
          return answer;
        }, 20);
      },

      viewRows(rows) {
        return rows.map((s) => ({
          id: s.id,
          staffName: s.staff_name || '',
          amountText: format.formatPrice(s.amount),
          note: s.note || '',
          createdText: format.formatDate(s.created_at),
        }));
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
