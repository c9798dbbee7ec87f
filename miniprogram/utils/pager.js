/**
 * Page-by-page loading for the infinite-scroll lists (goods, favorites, feedback).
 *
 *   const pager = createPager((page, pageSize) => service.list({ page, page_size: pageSize }), { pageSize: 20 });
 *   const first = await pager.reload();   // {items, total, hasMore, page} or null when a newer load replaced it
 *   const more = await pager.loadMore();  // the same, with the next page appended; null when nothing was loaded
 *
 * - `fetch(page, pageSize)` resolves with the server's page `{items, total, page, page_size}`;
 * - one load at a time: loadMore() while a load runs, or after the last page, resolves with null;
 * - reload() (new filter, new sort, pull-to-refresh) makes any load still in flight stale: its answer is dropped;
 * - an item already listed (same id; rows can shift between pages when sales counts change) is not listed twice;
 * - errors reject (the page shows them), and the page that failed can be asked for again.
 */
const DEFAULT_PAGE_SIZE = 20;

function createPager(fetch, options) {
  const pageSize = (options && options.pageSize) || DEFAULT_PAGE_SIZE;
  const keyOf = (options && options.key) || ((item) => item && item.id);
  let items = [];
  let page = 0;
  let total = 0;
  let hasMore = true;
  let generation = 0;
  let loading = false;

  function snapshot() {
    return { items: items.slice(), total, hasMore, page };
  }

  async function load(nextPage, mine) {
    loading = true;
    try {
      const answer = (await fetch(nextPage, pageSize)) || {};
      if (mine !== generation) return null;
      const rows = answer.items || [];
      const base = nextPage === 1 ? [] : items;
      const seen = new Set(base.map(keyOf));
      const fresh = rows.filter((row) => {
        const key = keyOf(row);
        if (key === undefined || key === null) return true;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      items = base.concat(fresh);
      page = nextPage;
      total = typeof answer.total === 'number' ? answer.total : items.length;
      // A short page ends the list even when `total` says otherwise (rows left the list meanwhile).
      hasMore = rows.length >= pageSize && items.length < total;
      return snapshot();
    } finally {
      if (mine === generation) loading = false;
    }
  }

  return {
    reload() {
      generation += 1;
      return load(1, generation);
    },
    loadMore() {
      if (loading || !hasMore) return Promise.resolve(null);
      return load(page + 1, generation);
    },
    /** Drops items from the list kept here (after an unfavorite, for example) and returns the new state. */
    remove(predicate) {
      const before = items.length;
      items = items.filter((item) => !predicate(item));
      total = Math.max(0, total - (before - items.length));
      return snapshot();
    },
    get loading() {
      return loading;
    },
    get hasMore() {
      return hasMore;
    },
    get items() {
      return items.slice();
    },
  };
}

module.exports = { createPager, DEFAULT_PAGE_SIZE };
