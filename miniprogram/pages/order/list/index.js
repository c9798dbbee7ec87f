/**
 * 我的订单 (pages/order/list/index?tab=): tabs 全部 / 待付款 / 待发货 / 待收货 / 待评价 / 已完成 / 已关闭, newest first,
 * infinite scroll and pull-to-refresh. Each card: status, lines, amount and the buttons of its `allowed_actions` (申请售后 /
 * 评价 open their pages; 付款, 取消订单 with a reason, 确认收货 after a confirmation); tap → the order detail.
 */
const orderService = require('../../../services/order');
const session = require('../../../utils/session');
const format = require('../../../utils/format');
const url = require('../../../utils/url');
const { runOrderAction } = require('../../../utils/order-actions');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const LOGIN_PAGE = '/pages/auth/login/index';
const ORDER_DETAIL = '/pages/order/detail/index';
const PAGE_SIZE = 10;
const SHOWN_LINES = 3;

function viewOrder(order) {
  const lines = order.lines || [];
  return {
    id: order.id,
    orderNo: order.order_no,
    status: order.status,
    statusName: orderService.statusName(order),
    typeName: orderService.ORDER_TYPE_NAMES[order.order_type] || '',
    createdText: format.formatDate(order.created_at),
    lines: lines.slice(0, SHOWN_LINES).map((line) => ({
      id: line.id,
      name: line.name,
      cover: url.assetUrl(line.cover_url),
      unitPrice: line.unit_price,
      quantity: line.quantity,
    })),
    moreLines: Math.max(0, lines.length - SHOWN_LINES),
    totalQuantity: lines.reduce((sum, line) => sum + (line.quantity || 0), 0),
    payAmount: order.pay_amount,
    actions: orderService.actionButtons(order.allowed_actions),
    links: orderService.linkButtons(order),
  };
}

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, {
        loggedIn: true,
        tabs: orderService.TABS,
        currentTab: 'all',
        busyId: 0,
      }),

      onLoad(query) {
        const tab = query && query.tab;
        this.setData({ currentTab: orderService.TAB_KEYS.indexOf(tab) === -1 ? 'all' : tab });
      },

      onShow() {
        if (!session.isLoggedIn()) {
          this.setData({ loggedIn: false, items: [], listStatus: '' });
          return;
        }
        this.setData({ loggedIn: true });
        // First visit: load; back from an order (paid, cancelled, received there): refresh quietly.
        if (!this.listPager) this.startTab();
        else this.reloadList({ silent: true });
      },

      startTab() {
        const tab = this.data.currentTab;
        return this.startList((page, pageSize) => orderService.listOrders({ tab, page, page_size: pageSize }, { showError: false }), PAGE_SIZE);
      },

      viewRows(rows) {
        return rows.map(viewOrder);
      },

      onTabTap(e) {
        const tab = e.currentTarget.dataset.key;
        if (!tab || tab === this.data.currentTab) return Promise.resolve();
        this.setData({ currentTab: tab });
        if (!session.isLoggedIn()) return Promise.resolve();
        return this.startTab();
      },

      onPullDownRefresh() {
        const done = this.listPager ? this.reloadList({ silent: true }) : Promise.resolve();
        done.then(() => wx.stopPullDownRefresh());
      },

      onReachBottom() {
        this.loadMoreList();
      },

      onOrderTap(e) {
        wx.navigateTo({ url: `${ORDER_DETAIL}?id=${e.currentTarget.dataset.id}` });
      },

      async onActionTap(e) {
        const { id, action } = e.currentTarget.dataset;
        if (this.data.busyId) return null;
        this.setData({ busyId: Number(id) });
        let outcome;
        try {
          outcome = await runOrderAction(action, Number(id));
        } finally {
          this.setData({ busyId: 0 });
        }
        if (outcome.done && action === 'pay') {
          wx.navigateTo({ url: `${ORDER_DETAIL}?id=${id}` });
        } else if (outcome.done || outcome.error) {
          await this.reloadList({ silent: true });
        }
        return outcome;
      },

      /** 申请售后 / 评价 on a card: their pages, with the order's id. */
      onLinkTap(e) {
        const { id, link } = e.currentTarget.dataset;
        const target = orderService.linkUrl(link, id);
        if (target) wx.navigateTo({ url: target });
      },

      goLogin() {
        wx.navigateTo({ url: LOGIN_PAGE });
      },

      goHome() {
        wx.switchTab({ url: '/pages/home/index/index' });
      },
    },
    listMethods,
  ),
);
