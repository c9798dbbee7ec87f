/** 订货单 (?status=): B2B orders by status tabs (全部 / 待付款 / 待确认收款 / 待发货 / 已发货 / 已完成 / 已取消). */
const dealerService = require('../../../../services/dealer');
const rules = require('../../../../utils/dealer');
const format = require('../../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../../utils/list-page');

function viewOrder(o) {
  return {
    id: o.id,
    orderNo: o.order_no,
    status: o.status,
    statusName: rules.b2bStatusName(o),
    amountText: format.formatPrice(o.goods_amount),
    payMethod: rules.PAY_METHODS[o.pay_method] || '',
    receiver: `${o.receiver_name || ''} ${[o.province, o.city, o.district].filter(Boolean).join('')}`.trim(),
    createdText: format.formatDate(o.created_at),
  };
}

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, { tabs: rules.B2B_TABS, currentTab: '' }),

      onLoad(query) {
        this.setData({ currentTab: rules.b2bTab(query && query.status) });
      },

      onShow() {
        if (!this.listPager) this.startTab();
        else this.reloadList({ silent: true });
      },

      startTab() {
        const status = this.data.currentTab;
        return this.startList((page, pageSize) => dealerService.listB2bOrders({ status, page, page_size: pageSize }, { showError: false }), 10);
      },

      viewRows(rows) {
        return rows.map(viewOrder);
      },

      onTabTap(e) {
        const tab = rules.b2bTab(e.currentTarget.dataset.key);
        if (tab === this.data.currentTab) return Promise.resolve();
        this.setData({ currentTab: tab });
        return this.startTab();
      },

      onOrderTap(e) {
        wx.navigateTo({ url: `/packageDealer/pages/b2b/detail/index?id=${e.currentTarget.dataset.id}` });
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
