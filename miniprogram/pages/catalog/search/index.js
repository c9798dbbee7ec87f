/**
 * Search (pages/catalog/search/index[?q=]): a keyword box with the recent words (kept on the phone), then the
 * matching packages and cards, page by page (infinite scroll).
 */
const catalogService = require('../../../services/catalog');
const history = require('../../../utils/search-history');
const wxp = require('../../../utils/wxp');
const { LIST_DATA, listMethods } = require('../../../utils/list-page');

const PAGE_SIZE = 20;

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
        listStatus: '',
        keyword: '', // what is typed
        searched: '', // the keyword whose results are shown ('' → the history is shown)
        history: [],
        maxLength: history.MAX_LENGTH,
        showSalesCount: false,
      }),

      onLoad(query) {
        this.setData({ history: history.list(), showSalesCount: catalogService.showSalesCount() });
        const q = history.normalise(decodeParam(query && query.q));
        if (q) this.search(q);
      },

      onInput(e) {
        const keyword = e.detail.value;
        this.setData({ keyword });
        if (!keyword.trim() && this.data.searched) this.setData({ searched: '', items: [], listStatus: '' });
      },

      onConfirm(e) {
        const value = e && e.detail && typeof e.detail.value === 'string' ? e.detail.value : this.data.keyword;
        return this.search(value);
      },

      onSearchTap() {
        return this.search(this.data.keyword);
      },

      onHistoryTap(e) {
        return this.search(e.currentTarget.dataset.word);
      },

      onClearKeyword() {
        this.listPager = null;
        this.setData({ keyword: '', searched: '', items: [], listStatus: '', hasMore: false });
      },

      async onClearHistory() {
        if (!this.data.history.length) return;
        let confirmed = false;
        try {
          confirmed = await wxp.confirm('确定清空搜索历史吗？', { confirmText: '清空' });
        } catch (e) {
          confirmed = false;
        }
        if (confirmed) this.setData({ history: history.clear() });
      },

      search(word) {
        const q = history.normalise(word);
        if (!q) {
          wxp.toast('请输入搜索内容');
          return Promise.resolve();
        }
        this.setData({ keyword: q, searched: q, history: history.add(q) });
        return this.startList(
          (page, pageSize) => catalogService.listItems({ q, page, page_size: pageSize }, { showError: false }),
          PAGE_SIZE,
        );
      },

      onPullDownRefresh() {
        const done = this.data.searched ? this.reloadList({ silent: true }) : Promise.resolve();
        done.then(() => wx.stopPullDownRefresh());
      },

      onReachBottom() {
        if (this.data.searched) this.loadMoreList();
      },
    },
    listMethods,
  ),
);
