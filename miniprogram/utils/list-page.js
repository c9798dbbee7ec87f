/**
 * The infinite-scroll part shared by list pages (goods list, search results, favorites, my feedback): mixed into a
 * Page definition with `Object.assign({...}, listMethods)` and `data: Object.assign({...}, LIST_DATA)`.
 *
 *   this.startList((page, pageSize) => service.list({ page, page_size: pageSize }));  // new list (filter / sort)
 *   onPullDownRefresh → this.reloadList({ silent: true }); onReachBottom → this.loadMoreList();
 *
 * Data: items, listStatus ('' | loading | error | empty), listError, hasMore, loadingMore, moreError.
 * A page may define `viewRows(rows)` to map the server's rows before they are shown.
 */
const { createPager } = require('./pager');
const wxp = require('./wxp');

const LIST_DATA = {
  items: [],
  listStatus: 'loading',
  listError: '',
  hasMore: false,
  loadingMore: false,
  moreError: '',
};

function rows(page, items) {
  return typeof page.viewRows === 'function' ? page.viewRows(items) : items;
}

const listMethods = {
  startList(fetch, pageSize) {
    this.listPager = createPager((page, size) => fetch(page, size), { pageSize: pageSize || 20 });
    return this.reloadList();
  },

  async reloadList(options) {
    const pager = this.listPager;
    if (!pager) return;
    const silent = options && options.silent;
    const shown = this.data.items.length > 0;
    if (!silent || !shown) this.setData({ listStatus: 'loading', listError: '', moreError: '' });
    if (!silent) this.setData({ items: [], hasMore: false });
    try {
      const state = await pager.reload();
      if (!state || pager !== this.listPager) return; // replaced by a newer list (another sort or keyword)
      this.setData({
        items: rows(this, state.items),
        hasMore: state.hasMore,
        listStatus: state.items.length ? '' : 'empty',
        moreError: '',
      });
    } catch (err) {
      if (pager !== this.listPager) return;
      const message = (err && err.message) || '加载失败';
      if (silent && shown) {
        this.setData({ listStatus: '' });
        wxp.toast(message);
      } else {
        this.setData({ listStatus: 'error', listError: message, items: [] });
      }
    }
  },

  async loadMoreList() {
    const pager = this.listPager;
    if (!pager || !this.data.hasMore || this.data.loadingMore || this.data.listStatus) return;
    this.setData({ loadingMore: true, moreError: '' });
    try {
      const state = await pager.loadMore();
      if (state && pager === this.listPager) this.setData({ items: rows(this, state.items), hasMore: state.hasMore });
    } catch (err) {
      if (pager === this.listPager) this.setData({ moreError: (err && err.message) || '加载失败' });
    } finally {
      this.setData({ loadingMore: false });
    }
  },

  /** Takes rows off the list shown (e.g. an unfavorited item) without reloading it. */
  removeFromList(predicate) {
    if (!this.listPager) return;
    const state = this.listPager.remove(predicate);
    this.setData({ items: rows(this, state.items), listStatus: state.items.length ? '' : 'empty' });
  },

  onRetryList() {
    this.reloadList();
  },

  onRetryMore() {
    this.loadMoreList();
  },
};

module.exports = { LIST_DATA, listMethods };
