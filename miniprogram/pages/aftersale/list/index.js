/** 我的售后: my after-sales cases, newest first, filtered by status; tap → 售后详情. */
const aftersaleService = require('../../../services/aftersale');
const format = require('../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const PAGE_SIZE = 20;

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, { tabs: aftersaleService.STATUS_TABS, tab: '' }),

      onLoad(query) {
        const tab = (query && query.status) || '';
        this.setData({ tab: aftersaleService.STATUS_NAMES[tab] ? tab : '' });
      },

      onShow() {
        // also when back from a case that was withdrawn or answered
        if (!this.listPager) this.startCases();
        else this.reloadList({ silent: true });
      },

      startCases() {
        const status = this.data.tab;
        return this.startList((page, pageSize) => aftersaleService.listCases({ status, page, page_size: pageSize }, { showError: false }), PAGE_SIZE);
      },

      viewRows(rows) {
        return rows.map((row) =>
          Object.assign({}, row, {
            statusText: aftersaleService.statusName(row),
            kindText: aftersaleService.kindLabel(row.kind),
            amountText: format.formatPrice(row.amount),
            createdText: format.formatDate(row.created_at),
            open: ['awaiting_merchant', 'awaiting_buyer', 'refunding'].indexOf(row.status) !== -1,
          }),
        );
      },

      onTabTap(e) {
        const tab = e.currentTarget.dataset.key || '';
        if (tab === this.data.tab && this.listPager) return undefined;
        this.setData({ tab });
        return this.startCases();
      },

      onCaseTap(e) {
        wx.navigateTo({ url: `/pages/aftersale/detail/index?id=${e.currentTarget.dataset.id}` });
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
