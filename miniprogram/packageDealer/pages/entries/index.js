/**
 * 账户明细 (?scope=dealer|staff&account=): the ledger entries of one account, newest first, with tabs for the
 * sibling accounts (储值 / 额度; the four earnings states; a staff member's three commission states).
 * Each entry: kind, note, signed amount, balance after (and the credit limit after), time; stored value and credit
 * entries also say whether they were reconciled with the platform (已对账 / 未对账).
 */
const dealerService = require('../../../services/dealer');
const staffService = require('../../../services/staff');
const rules = require('../../../utils/dealer');
const format = require('../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const GROUPS = {
  tier1: ['stored_value', 'credit'],
  earnings: ['earnings_pending', 'earnings_withdrawable', 'earnings_withdrawing', 'earnings_withdrawn'],
  staff: rules.STAFF_ACCOUNTS,
};
const SHORT = {
  stored_value: '储值',
  credit: '额度',
  earnings_pending: '未入账',
  earnings_withdrawable: '可提现',
  earnings_withdrawing: '提现中',
  earnings_withdrawn: '已提现',
  staff_pending: '未入账',
  staff_settleable: '待结算',
  staff_settled: '已结算',
};

function groupOf(scope, account) {
  if (scope === 'staff') return GROUPS.staff;
  return GROUPS.tier1.indexOf(account) !== -1 ? GROUPS.tier1 : GROUPS.earnings;
}

function viewEntry(e, account) {
  const amount = Number(e.amount) || 0;
  return {
    id: e.id,
    kindName: rules.entryKindName(e.kind),
    note: e.note || '',
    amountText: `${amount > 0 ? '+' : ''}${format.fenToYuan(amount)}`,
    positive: amount > 0,
    balanceText: format.formatPrice(e.balance_after),
    limitText: account === 'credit' && typeof e.limit_after === 'number' ? format.formatPrice(e.limit_after) : '',
    settledText: account === 'stored_value' || account === 'credit' ? (e.settled ? '已对账' : '未对账') : '',
    createdText: format.formatDate(e.created_at),
  };
}

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, { scope: 'dealer', account: '', tabs: [] }),

      onLoad(query) {
        const scope = query && query.scope === 'staff' ? 'staff' : 'dealer';
        const allowed = scope === 'staff' ? rules.STAFF_ACCOUNTS : rules.DEALER_ACCOUNTS;
        const account = allowed.indexOf(query && query.account) !== -1 ? query.account : allowed[0];
        const tabs = groupOf(scope, account).map((key) => ({ key, title: SHORT[key] }));
        this.setData({ scope, account, tabs });
        this.startAccount();
      },

      startAccount() {
        const { scope, account } = this.data;
        wx.setNavigationBarTitle({ title: `${rules.accountName(account)}明细` });
        const list = scope === 'staff' ? staffService.listEntries : dealerService.listEntries;
        return this.startList((page, pageSize) => list({ account, page, page_size: pageSize }, { showError: false }), 20);
      },

      viewRows(rows) {
        return rows.map((e) => viewEntry(e, this.data.account));
      },

      onTabTap(e) {
        const account = e.currentTarget.dataset.key;
        if (!account || account === this.data.account) return Promise.resolve();
        this.setData({ account });
        return this.startAccount();
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
