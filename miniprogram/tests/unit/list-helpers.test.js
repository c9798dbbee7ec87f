/** utils/pager.js, utils/search-history.js, utils/richtext.js */
const { createWx } = require('../helpers/wx-mock');

beforeEach(() => {
  jest.resetModules();
  global.wx = createWx();
  global.wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
});

function pageOf(ids, total) {
  return { items: ids.map((id) => ({ id })), total, page: 1, page_size: 2 };
}

describe('pager', () => {
  test('loads page after page until the total is reached, then stops asking', async () => {
    const { createPager } = require('../../utils/pager');
    const fetch = jest.fn((page) => Promise.resolve(page === 1 ? pageOf([1, 2], 3) : pageOf([3], 3)));
    const pager = createPager(fetch, { pageSize: 2 });
    expect(await pager.reload()).toEqual({ items: [{ id: 1 }, { id: 2 }], total: 3, hasMore: true, page: 1 });
    expect(await pager.loadMore()).toEqual({ items: [{ id: 1 }, { id: 2 }, { id: 3 }], total: 3, hasMore: false, page: 2 });
    expect(await pager.loadMore()).toBeNull();
    expect(fetch.mock.calls).toEqual([[1, 2], [2, 2]]);
  });

  test('one load at a time; rows already listed are not listed twice', async () => {
    const { createPager } = require('../../utils/pager');
    let release;
    const fetch = jest.fn((page) => (page === 1 ? Promise.resolve(pageOf([1, 2], 10)) : new Promise((r) => { release = () => r(pageOf([2, 3], 10)); })));
    const pager = createPager(fetch, { pageSize: 2 });
    await pager.reload();
    const more = pager.loadMore();
    expect(pager.loading).toBe(true);
    expect(await pager.loadMore()).toBeNull();
    release();
    expect((await more).items.map((i) => i.id)).toEqual([1, 2, 3]);
  });

  test('reload makes a load in flight stale: its answer is dropped', async () => {
    const { createPager } = require('../../utils/pager');
    const resolvers = [];
    const pager = createPager(() => new Promise((r) => resolvers.push(r)), { pageSize: 2 });
    const first = pager.reload();
    const second = pager.reload();
    resolvers[1](pageOf([9], 1));
    resolvers[0](pageOf([1, 2], 2));
    expect(await first).toBeNull();
    expect((await second).items).toEqual([{ id: 9 }]);
    expect(pager.items).toEqual([{ id: 9 }]);
  });

  test('a failed page rejects and can be asked for again; remove() drops rows', async () => {
    const { createPager } = require('../../utils/pager');
    const fetch = jest.fn().mockRejectedValueOnce({ message: '网络错误' }).mockResolvedValue(pageOf([1, 2], 2));
    const pager = createPager(fetch, { pageSize: 2 });
    await expect(pager.reload()).rejects.toEqual({ message: '网络错误' });
    expect(pager.loading).toBe(false);
    const state = await pager.loadMore();
    expect(state.items).toHaveLength(2);
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([1, 1]);
    expect(pager.remove((row) => row.id === 1)).toEqual({ items: [{ id: 2 }], total: 1, hasMore: false, page: 1 });
  });
});

describe('search history', () => {
  test('newest first, no repeats, at most 10, kept in storage; clear empties it', () => {
    const history = require('../../utils/search-history');
    expect(history.list()).toEqual([]);
    history.add(' 礼盒 ');
    history.add('电子卡');
    expect(history.add('礼盒')).toEqual(['礼盒', '电子卡']);
    expect(global.wx.__storage.get('search.history')).toEqual(['礼盒', '电子卡']);
    for (let i = 0; i < 12; i += 1) history.add(`词${i}`);
    expect(history.list()).toHaveLength(10);
    expect(history.list()[0]).toBe('词11');
    expect(history.add('   ')).toHaveLength(10);
    expect(history.remove('词11')[0]).toBe('词10');
    expect(history.clear()).toEqual([]);
    expect(history.list()).toEqual([]);
  });

  test('keywords are cut to the 32 characters the server accepts; junk in storage is ignored', () => {
    const history = require('../../utils/search-history');
    expect(history.normalise('蟹'.repeat(40))).toHaveLength(32);
    global.wx.__storage.set('search.history', 'not a list');
    expect(history.list()).toEqual([]);
  });
});

describe('rich text', () => {
  test('server image paths become absolute and pictures fit the screen', () => {
    const { prepareHtml, IMG_STYLE } = require('../../utils/richtext');
    const html = prepareHtml('<p>蟹</p><img src="/files/demo/a.png"><img class="x" src=\'https://cdn.example.com/b.jpg\' style="border:0">');
    expect(html).toBe(
      `<p>蟹</p><img style="${IMG_STYLE}" src="http://api.test/files/demo/a.png"><img class="x" src="https://cdn.example.com/b.jpg" style="${IMG_STYLE}border:0">`,
    );
  });

  test('unquoted sources, scripts and event handlers', () => {
    const { prepareHtml } = require('../../utils/richtext');
    const html = prepareHtml('<script>alert(1)</script><img src=/files/x.png onclick="evil()"><style>p{}</style><p onmouseover=\'x\'>hi</p>');
    expect(html).toContain('src="http://api.test/files/x.png"');
    expect(html).not.toMatch(/script|onclick|onmouseover|<style/);
    expect(prepareHtml('')).toBe('');
    expect(prepareHtml(null)).toBe('');
  });
});
