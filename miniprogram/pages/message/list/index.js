/**
 * 消息通知: order and after-sales messages, newest first, unread ones with a dot. A tap marks the message read and
 * opens its after-sales case (case_id) or else its order (order_id); 全部已读 marks everything read.
 */
const notificationService = require('../../../services/notification');
const format = require('../../../utils/format');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');
const wxp = require('../../../utils/wxp');

const PAGE_SIZE = 20;

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, { unread: 0, markingAll: false }),

      onShow() {
        if (!this.listPager) {
          this.startList((page, pageSize) => notificationService.listNotifications({ page, page_size: pageSize }, { showError: false }), PAGE_SIZE);
        } else {
          this.reloadList({ silent: true });
        }
        this.loadUnread();
      },

      async loadUnread() {
        try {
          const unread = await notificationService.unreadCount({ showError: false });
          this.setData({ unread });
        } catch (e) {
          // the count is a hint; the list shows the dots anyway
        }
      },

      viewRows(rows) {
        return rows.map((row) =>
          Object.assign({}, row, {
            kindText: notificationService.kindLabel(row.kind),
            timeText: format.formatDate(row.created_at),
            target: notificationService.targetUrl(row),
          }),
        );
      },

      /** Marks one row read in the list shown (and in the pager, so paging keeps it). */
      markShownRead(ids) {
        const all = !ids;
        const wanted = new Set((ids || []).map(Number));
        const changes = {};
        this.data.items.forEach((row, index) => {
          if (!row.is_read && (all || wanted.has(row.id))) changes[`items[${index}].is_read`] = true;
        });
        if (this.listPager) {
          this.listPager.items.forEach((row) => {
            if (all || wanted.has(row.id)) row.is_read = true; // eslint-disable-line no-param-reassign
          });
        }
        if (Object.keys(changes).length) this.setData(changes);
      },

      async onMessageTap(e) {
        const id = Number(e.currentTarget.dataset.id);
        const row = this.data.items.find((r) => r.id === id);
        if (!row) return;
        if (!row.is_read) {
          this.markShownRead([id]);
          this.setData({ unread: Math.max(0, this.data.unread - 1) });
          try {
            const unread = await notificationService.markRead([id], { showError: false });
            this.setData({ unread });
          } catch (err) {
            // opening the message matters more; it will show unread again on the next refresh
          }
        }
        if (row.target) wx.navigateTo({ url: row.target });
      },

      async onReadAll() {
        if (this.data.markingAll) return;
        this.setData({ markingAll: true });
        try {
          const unread = await notificationService.markRead(null, { showError: false });
          this.markShownRead(null);
          this.setData({ unread });
          wxp.toast('已全部标为已读', 'success');
        } catch (err) {
          wxp.toast((err && err.message) || '操作失败，请稍后重试');
        } finally {
          this.setData({ markingAll: false });
        }
      },

      onPullDownRefresh() {
        this.loadUnread();
        this.reloadList({ silent: true }).then(() => wx.stopPullDownRefresh());
      },

      onReachBottom() {
        this.loadMoreList();
      },
    },
    listMethods,
  ),
);
