/**
 * 售后详情 ?id=: status, amount, type and reason, the merchant's note, the timeline (newest first) and the buyer's
 * actions the server allows: 回复 (text, when the merchant asked) and 撤销申请 (after a confirm).
 */
const aftersaleService = require('../../../services/aftersale');
const format = require('../../../utils/format');
const url = require('../../../utils/url');
const wxp = require('../../../utils/wxp');

function viewCase(c) {
  const allowed = Array.isArray(c.allowed_actions) ? c.allowed_actions : [];
  const events = (c.events || []).slice().reverse();
  return {
    id: c.id,
    caseNo: c.case_no,
    orderId: c.order_id,
    orderNo: c.order_no,
    status: c.status,
    statusName: aftersaleService.statusName(c),
    amountText: format.formatPrice(c.amount),
    kindText: aftersaleService.kindLabel(c.kind),
    reason: c.reason,
    description: c.description || '',
    images: (c.images || []).map(url.assetUrl).filter(Boolean),
    merchantNote: c.merchant_note || '',
    buyerNote: c.buyer_note || '',
    lineCount: (c.lines || []).length,
    createdText: format.formatDate(c.created_at),
    closedText: format.formatDate(c.closed_at),
    canReply: allowed.indexOf('buyer_reply') !== -1,
    canWithdraw: allowed.indexOf('withdraw') !== -1,
    timeline: events.map((e, i) => ({
      key: `${i}`,
      title: aftersaleService.actionName(e.action, e.action_name),
      statusName: aftersaleService.STATUS_NAMES[e.to_status] || e.to_status || '',
      note: e.action === 'open' ? '' : e.note || '',
      timeText: format.formatDate(e.created_at, 'YYYY-MM-DD HH:mm:ss'),
      actor: e.actor_type,
    })),
  };
}

Page({
  data: {
    status: 'loading', // loading | error | ready
    errorMessage: '',
    caseInfo: null,
    replyText: '',
    replyMax: aftersaleService.NOTE_MAX,
    replyError: '',
    acting: '', // '' | reply | withdraw
  },

  onLoad(query) {
    this.caseId = (query && query.id) || '';
    this.load();
  },

  async load(options) {
    if (!this.caseId) {
      this.setData({ status: 'error', errorMessage: '缺少售后单信息' });
      return;
    }
    const silent = options && options.silent && this.data.caseInfo;
    if (!silent) this.setData({ status: 'loading', errorMessage: '' });
    try {
      const c = await aftersaleService.getCase(this.caseId, { showError: false });
      this.show(c);
    } catch (err) {
      if (silent) wxp.toast((err && err.message) || '刷新失败');
      else this.setData({ status: 'error', errorMessage: (err && err.message) || '加载失败' });
    }
  },

  show(c) {
    wx.setNavigationBarTitle({ title: `售后详情` });
    this.setData({ status: 'ready', caseInfo: viewCase(c) });
  },

  onRetry() {
    this.load();
  },

  onPullDownRefresh() {
    this.load({ silent: true }).then(() => wx.stopPullDownRefresh());
  },

  openOrder() {
    const c = this.data.caseInfo;
    if (c && c.orderId) wx.navigateTo({ url: `/pages/order/detail/index?id=${c.orderId}` });
  },

  onPreview(e) {
    const images = (this.data.caseInfo && this.data.caseInfo.images) || [];
    wx.previewImage({ urls: images, current: e.currentTarget.dataset.src });
  },

  onReplyInput(e) {
    this.setData({ replyText: e.detail.value, replyError: '' });
  },

  async onReply() {
    if (this.data.acting) return;
    const note = this.data.replyText.trim();
    if (!note) {
      this.setData({ replyError: '请填写回复内容' });
      return;
    }
    await this.act('reply', () => aftersaleService.replyCase(this.caseId, note, { showError: false }), '已回复商家');
    if (!this.data.acting && this.data.caseInfo && !this.data.caseInfo.canReply) this.setData({ replyText: '' });
  },

  async onWithdraw() {
    if (this.data.acting) return;
    const ok = await wxp.confirm('撤销后本次售后申请将关闭，确定撤销吗？', { confirmText: '撤销' });
    if (!ok) return;
    await this.act('withdraw', () => aftersaleService.withdrawCase(this.caseId, '买家撤销申请', { showError: false }), '已撤销申请');
  },

  async act(kind, call, doneText) {
    this.setData({ acting: kind, replyError: '' });
    try {
      const c = await call();
      this.show(c);
      wxp.toast(doneText, 'success');
    } catch (err) {
      const message = (err && err.message) || '操作失败，请稍后重试';
      if (err && err.errors && err.errors.note) this.setData({ replyError: [].concat(err.errors.note).join('；') });
      wxp.toast(message);
      // the case moved on meanwhile (e.g. the merchant decided): show where it is now
      if (err && err.statusCode === 409) this.load({ silent: true });
    } finally {
      this.setData({ acting: '' });
    }
  },
});
