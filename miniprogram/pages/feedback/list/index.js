/** 我的反馈: what I sent, newest first, with the status (待回复 / 已回复) and the reply. */
const feedbackService = require('../../../services/feedback');
const format = require('../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const PAGE_SIZE = 20;
const STATUS_LABELS = { open: '待回复', replied: '已回复' };

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA),

      onShow() {
        // also after a new feedback was sent from the form
        if (!this.listPager) {
          this.startList((page, pageSize) => feedbackService.listMyFeedback({ page, page_size: pageSize }, { showError: false }), PAGE_SIZE);
        } else {
          this.reloadList({ silent: true });
        }
      },

      viewRows(rows) {
        return rows.map((row) =>
          Object.assign({}, row, {
            statusLabel: STATUS_LABELS[row.status] || row.status,
            replied: row.status === 'replied' && Boolean(row.reply),
            createdText: format.formatDate(row.created_at),
            repliedText: format.formatDate(row.replied_at),
          }),
        );
      },

      onPullDownRefresh() {
        this.reloadList({ silent: true }).then(() => wx.stopPullDownRefresh());
      },

      onReachBottom() {
        this.loadMoreList();
      },

      goWrite() {
        const pages = getCurrentPages();
        const previous = pages.length > 1 ? pages[pages.length - 2] : null;
        if (previous && previous.route === 'pages/feedback/index/index') wx.navigateBack({ delta: 1 });
        else wx.navigateTo({ url: '/pages/feedback/index/index' });
      },
    },
    listMethods,
  ),
);
