/**
 * 资金账户: stored value and credit (limit, used = debt, available; the tier-1's accounts, shown to tier-1 dealers)
 * and earnings (pending, withdrawable, withdrawing, withdrawn); each opens its entries. 申请提现 / 提现记录.
 * An operator with the settlement module (staff workspace) reads the same page without 申请提现.
 */
const dealerService = require('../../../services/dealer');
const rules = require('../../../utils/dealer');
const session = require('../../../utils/session');
const format = require('../../../utils/format');

const P = '/packageDealer/pages';

function viewAccounts(a) {
  const price = (v) => format.formatPrice(v || 0);
  const total = (a.pending || 0) + (a.withdrawable || 0) + (a.withdrawing || 0) + (a.withdrawn || 0);
  return {
    hasTier1: typeof a.stored_value === 'number',
    storedValue: price(a.stored_value),
    creditLimit: price(a.credit_limit),
    creditUsed: price(a.credit_used),
    creditAvailable: price(a.credit_available),
    earningsTotal: price(total),
    pending: price(a.pending),
    withdrawable: price(a.withdrawable),
    withdrawing: price(a.withdrawing),
    withdrawn: price(a.withdrawn),
    canWithdraw: (a.withdrawable || 0) > 0,
  };
}

Page({
  data: {
    status: 'loading',
    errorMessage: '',
    accounts: null,
    readOnly: false,
  },

  onShow() {
    this.setData({ readOnly: rules.parseWorkspace(session.getWorkspace()).type === 'staff' });
    this.load(Boolean(this.data.accounts));
  },

  onPullDownRefresh() {
    this.load(true).then(() => wx.stopPullDownRefresh());
  },

  async load(quiet) {
    if (!quiet) this.setData({ status: 'loading', errorMessage: '' });
    try {
      const accounts = await dealerService.getAccounts({ showError: false });
      this.setData({ status: 'ready', accounts: viewAccounts(accounts) });
    } catch (err) {
      this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  onRetry() {
    return this.load(false);
  },

  onEntriesTap(e) {
    wx.navigateTo({ url: `${P}/entries/index?scope=dealer&account=${e.currentTarget.dataset.account}` });
  },

  onWithdraw() {
    wx.navigateTo({ url: `${P}/withdraw/apply/index` });
  },

  onWithdrawals() {
    wx.navigateTo({ url: `${P}/withdraw/list/index` });
  },
});
