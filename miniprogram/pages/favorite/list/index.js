/**
 * 我的收藏: favorited items, newest first, page by page. Tap → detail; long press (or 取消收藏) → confirm, then
 * unfavorite and drop the row. Items taken off the shelf stay listed (`item.is_on_sale === false`): greyed out with
 * 已下架, a tap only says 「商品已下架」 (their detail page would answer 404), and they can still be unfavorited.
 * Sold-out items (`is_sold_out`) are marked 已售罄 by the card and open their detail page as usual.
 */
const favoriteService = require('../../../services/favorite');
const catalogService = require('../../../services/catalog');
const session = require('../../../utils/session');
const wxp = require('../../../utils/wxp');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const LOGIN_PAGE = '/pages/auth/login/index';
const PAGE_SIZE = 20;

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, {
        loggedIn: true,
        removingId: 0,
        showSalesCount: false,
      }),

      onLoad() {
        this.shown = false;
      },

      onShow() {
        if (!session.isLoggedIn()) {
          this.setData({ loggedIn: false, items: [], listStatus: '' });
          return;
        }
        this.setData({ loggedIn: true, showSalesCount: catalogService.showSalesCount() });
        // First visit: load; back from a detail page (where the item may have been unfavorited): refresh quietly.
        if (!this.listPager) {
          this.startList((page, pageSize) => favoriteService.listFavorites({ page, page_size: pageSize }, { showError: false }), PAGE_SIZE);
        } else {
          this.reloadList({ silent: true });
        }
      },

      /** rows {id, item, created_at} → what the page shows (the item, keyed by the item id; offShelf: taken off the shelf) */
      viewRows(rows) {
        return rows
          .filter((row) => row && row.item)
          .map((row) => Object.assign({}, row.item, { favoriteId: row.id, offShelf: row.item.is_on_sale === false }));
      },

      /** The card opens the detail page itself, except for items taken off the shelf (navigate false): a toast. */
      onItemSelect(e) {
        const item = e.detail && e.detail.item;
        if (item && item.is_on_sale === false) wxp.toast('商品已下架');
      },

      goLogin() {
        wx.navigateTo({ url: LOGIN_PAGE });
      },

      onPullDownRefresh() {
        const done = this.listPager ? this.reloadList({ silent: true }) : Promise.resolve();
        done.then(() => wx.stopPullDownRefresh());
      },

      onReachBottom() {
        this.loadMoreList();
      },

      onItemLongPress(e) {
        return this.confirmRemove(e.detail.id);
      },

      onRemoveTap(e) {
        return this.confirmRemove(Number(e.currentTarget.dataset.id));
      },

      async confirmRemove(itemId) {
        if (!itemId || this.data.removingId) return;
        let confirmed = false;
        try {
          confirmed = await wxp.confirm('确定取消收藏该商品吗？', { confirmText: '取消收藏', cancelText: '再想想' });
        } catch (err) {
          confirmed = false;
        }
        if (!confirmed) return;
        this.setData({ removingId: itemId });
        try {
          await favoriteService.removeFavorite(itemId);
          // The pager keys favorite rows by their own id; the item id is inside.
          this.removeFromList((row) => row.item && row.item.id === itemId);
          wxp.toast('已取消收藏');
        } catch (err) {
          // request.js showed the server's message
        } finally {
          this.setData({ removingId: 0 });
        }
      },
    },
    listMethods,
  ),
);
