/**
 * Goods list (pages/catalog/list/index?kind=&category_id=&title=): packages, physical cards or e-cards, optionally of
 * one category; sort bar 综合 / 销量 (high→low, tap again low→high) / 价格 (low→high, tap again high→low);
 * infinite scroll, pull-to-refresh, empty state.
 */
const catalogService = require('../../../services/catalog');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const PAGE_SIZE = 20;

/** The sort after tapping a sort-bar entry (key: default | sales | price) while `current` is active. */
function nextSort(key, current) {
  if (key === 'sales') return current === 'sales' ? '-sales' : 'sales';
  if (key === 'price') return current === 'price' ? '-price' : 'price';
  return 'default';
}

function decodeParam(value) {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch (e) {
    return String(value);
  }
}

Page(
  Object.assign(
    {
      data: Object.assign({}, LIST_DATA, {
        kind: '',
        categoryId: '',
        title: '',
        sort: 'default',
        showSalesCount: false,
      }),

      onLoad(query) {
        const q = query || {};
        const kind = catalogService.KINDS.indexOf(q.kind) !== -1 ? q.kind : '';
        const title = decodeParam(q.title) || catalogService.kindLabel(kind) || '全部商品';
        this.setData({ kind, categoryId: q.category_id || '', title, showSalesCount: catalogService.showSalesCount() });
        wx.setNavigationBarTitle({ title });
        this.reload();
      },

      reload() {
        const { kind, categoryId, sort } = this.data;
        return this.startList(
          (page, pageSize) => catalogService.listItems({ kind, category_id: categoryId, sort, page, page_size: pageSize }, { showError: false }),
          PAGE_SIZE,
        );
      },

      onSortTap(e) {
        const sort = nextSort(e.currentTarget.dataset.key, this.data.sort);
        if (sort === this.data.sort && sort === 'default') return;
        this.setData({ sort });
        if (wx.pageScrollTo) wx.pageScrollTo({ scrollTop: 0, duration: 0 });
        this.reload();
      },

      onPullDownRefresh() {
        this.reloadList({ silent: true }).then(() => wx.stopPullDownRefresh());
      },

      onReachBottom() {
        this.loadMoreList();
      },

      onShareAppMessage() {
        const { kind, categoryId, title } = this.data;
        const query = [kind && `kind=${kind}`, categoryId && `category_id=${categoryId}`, `title=${encodeURIComponent(title)}`].filter(Boolean);
        return { title, path: `/pages/catalog/list/index?${query.join('&')}` };
      },
    },
    listMethods,
  ),
);

module.exports = { nextSort };
