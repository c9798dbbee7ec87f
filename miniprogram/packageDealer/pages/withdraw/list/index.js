/** 提现记录: my withdrawals, newest first: amount, status (待打款 / 已打款 / 已驳回 + reason), bank card, reference. */
const dealerService = require('../../../../services/dealer');
const rules = require('../../../../utils/dealer');
const session = require('../../../../utils/session');
const format = require('../../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../../utils/list-page');

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, { readOnly: false }),

      onLoad() {
        this.setData({ readOnly: rules.parseWorkspace(session.getWorkspace()).type === 'staff' });
        this.startList((page, pageSize) => dealerService.listWithdrawals({ page, page_size: pageSize }, { showError: false }), 20);
      },

      viewRows(rows) {
        return rows.map((w) => ({
          id: w.id,
          amountText: format.formatPrice(w.amount),
          status: w.status,
          statusName: rules.WITHDRAWAL_STATUS[w.status] || w.status,
          bank: `${w.bank_name || ''} ${w.bank_account || ''}`.trim(),
          holder: w.bank_holder || '',
          invoiceNo: w.invoice_no || '',
          reference: w.payment_reference || '',
          rejectReason: w.reject_reason || '',
          createdText: format.formatDate(w.created_at),
          decidedText: format.formatDate(w.decided_at),
        }));
      },

      onStateAction() {
        if (this.data.listStatus === 'error') this.onRetryList();
        else this.onApply();
      },

      onApply() {
        wx.navigateTo({ url: '/packageDealer/pages/withdraw/apply/index' });
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
