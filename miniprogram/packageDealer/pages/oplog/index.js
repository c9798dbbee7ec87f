/** 操作日志: every write in the dealer workspace, by the owner (负责人) or an operator (操作员), newest first. */
const dealerService = require('../../../services/dealer');
const format = require('../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const ROLES = { owner: '负责人', operator: '操作员' };

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA),

      onLoad() {
        this.startList((page, pageSize) => dealerService.listOperationLogs({ page, page_size: pageSize }, { showError: false }), 20);
      },

      viewRows(rows) {
        return rows.map((log) => ({
          id: log.id,
          actor: `${log.actor_name || ''}（${ROLES[log.actor_role] || log.actor_role || ''}）`,
          summary: log.summary || log.action,
          createdText: format.formatDate(log.created_at),
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
