/**
 * 分类: the left column lists the package categories and the card categories (two groups), the right column the
 * items of the selected category, page by page as the column scrolls (infinite scroll); pulling the item column down
 * reloads both.
 */
const catalogService = require('../../../services/catalog');
const { createPager } = require('../../../utils/pager');
const session = require('../../../utils/session');
const wxp = require('../../../utils/wxp');

const PAGE_SIZE = 20;

Page({
  data: {
    status: 'loading', // categories: loading | error | empty | ready
    errorMessage: '',
    groups: [], // [{scope, title, categories: [{id, name}]}]
    selectedId: 0,
    selectedName: '',
    items: [],
    itemsStatus: '', // '' | loading | error | empty
    itemsError: '',
    hasMore: false,
    loadingMore: false,
    scrollTop: 0,
    refreshing: false,
    showSalesCount: false,
  },

  onLoad() {
    this.pager = null;
    this.loadCategories();
  },

  onShow() {
    // Categories change rarely; a failed first load is tried again when the tab is opened again. After a login or
    // logout the items are asked for again, for the prices of the one looking.
    if (this.data.status === 'error') {
      this.loadCategories();
    } else if (this.loadedAs !== undefined && this.loadedAs !== session.isLoggedIn() && this.pager) {
      this.loadItems();
    }
  },

  /** Pull-down on the item column (scroll-view refresher): categories and the selected category's items again. */
  async onRefresh() {
    this.setData({ refreshing: true });
    try {
      await this.loadCategories({ silent: true });
    } finally {
      this.setData({ refreshing: false });
    }
  },

  async loadCategories(options) {
    const silent = options && options.silent;
    if (!silent) this.setData({ status: 'loading' });
    try {
      const [packages, cards] = await Promise.all([
        catalogService.listCategories('package', { showError: false }),
        catalogService.listCategories('card', { showError: false }),
      ]);
      const groups = [
        { scope: 'package', title: '礼盒套餐', categories: packages },
        { scope: 'card', title: '提货卡', categories: cards },
      ].filter((group) => group.categories.length);
      const all = packages.concat(cards);
      if (!all.length) {
        this.setData({ groups: [], status: 'empty', selectedId: 0, items: [] });
        return;
      }
      const keep = all.find((c) => c.id === this.data.selectedId);
      this.setData({ groups, status: 'ready', showSalesCount: catalogService.showSalesCount() });
      await this.selectCategory(keep || all[0]);
    } catch (err) {
      const message = (err && err.message) || '加载失败';
      if (silent && this.data.status === 'ready') wxp.toast(message);
      else this.setData({ status: 'error', errorMessage: message });
    }
  },

  onCategoryTap(e) {
    const id = Number(e.currentTarget.dataset.id);
    if (id === this.data.selectedId && this.data.itemsStatus !== 'error') return;
    const category = this.findCategory(id);
    if (category) this.selectCategory(category);
  },

  findCategory(id) {
    for (let i = 0; i < this.data.groups.length; i += 1) {
      const found = this.data.groups[i].categories.find((c) => c.id === id);
      if (found) return found;
    }
    return null;
  },

  selectCategory(category) {
    this.pager = createPager((page, pageSize) => catalogService.listItems({ category_id: category.id, page, page_size: pageSize }, { showError: false }), { pageSize: PAGE_SIZE });
    // scroll-top only scrolls when its value changes: alternate between two values that both mean "the top"
    const scrollTop = this.data.scrollTop === 0 ? 0.01 : 0;
    this.setData({ selectedId: category.id, selectedName: category.name, items: [], hasMore: false, scrollTop });
    return this.loadItems();
  },

  async loadItems() {
    const pager = this.pager;
    this.loadedAs = session.isLoggedIn();
    this.setData({ itemsStatus: 'loading', itemsError: '' });
    try {
      const state = await pager.reload();
      if (!state || pager !== this.pager) return; // another category was chosen meanwhile
      this.setData({ items: state.items, hasMore: state.hasMore, itemsStatus: state.items.length ? '' : 'empty' });
    } catch (err) {
      if (pager !== this.pager) return;
      this.setData({ itemsStatus: 'error', itemsError: (err && err.message) || '加载失败' });
    }
  },

  async onLoadMore() {
    const pager = this.pager;
    if (!pager || !this.data.hasMore || this.data.loadingMore || this.data.itemsStatus) return;
    this.setData({ loadingMore: true });
    try {
      const state = await pager.loadMore();
      if (state && pager === this.pager) this.setData({ items: state.items, hasMore: state.hasMore });
    } catch (err) {
      // the hint under the list offers another try
      if (pager === this.pager) this.setData({ itemsError: (err && err.message) || '加载失败' });
    } finally {
      this.setData({ loadingMore: false });
    }
  },

  onRetryMore() {
    this.setData({ itemsError: '' });
    this.onLoadMore();
  },
});
