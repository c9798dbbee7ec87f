/** 首页, 分类, goods list, search and detail pages through the Page → Component shim against the mocked API. */
const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage, text } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  installPageShim(wx);
});

function item(id, extra) {
  return Object.assign(
    {
      id,
      kind: 'package',
      category_id: 1,
      name: `礼盒${id}`,
      subtitle: '阳澄湖直发',
      cover_url: `/files/demo/package-${id}.png`,
      unit: '盒',
      retail_price: 59800,
      price: 59800,
      sales_count: id * 10,
      review_count: 0,
      rating_avg: null,
      is_sold_out: false,
    },
    extra,
  );
}

function pageAnswer(items, total, page) {
  return { data: { items, total: total === undefined ? items.length : total, page: page || 1, page_size: 20 } };
}

const HOME = {
  banners: [
    { id: 1, title: '金秋蟹季 礼盒上新', image_url: '/files/demo/banner.png', link_type: 'page', link_target: 'pages/catalog/list/index?kind=package' },
    { id: 2, title: '尊享礼盒', image_url: 'https://cdn.example.com/b.png', link_type: 'item', link_target: '3' },
    { id: 3, title: '品牌故事', image_url: '/files/demo/c.png', link_type: 'url', link_target: 'https://crab.example.com/story' },
    { id: 4, title: '我的', image_url: '/files/demo/d.png', link_type: 'page', link_target: '/pages/user/center/index' },
  ],
  recommended: [item(1), item(2, { price: 75810, retail_price: 79800 })],
  package_categories: [{ id: 1, name: '礼盒装', icon_url: '' }],
  card_categories: [{ id: 5, name: '电子提货卡', icon_url: '/files/icons/e.png' }],
  show_sales_count: true,
};

describe('首页', () => {
  test('loading first, then banners, category entries and recommended items with prices', async () => {
    let answer;
    wx.__api.on('GET /storefront/home', () => answer);
    wx.request.mockImplementationOnce(() => {}); // the first call never answers: the page stays in loading
    const loading = await mountPage('pages/home/index/index');
    expect(loading.instance.data.status).toBe('loading');
    expect(loading.dom.textContent).toContain('加载中');

    answer = { data: HOME };
    wx.request.mockClear();
    seedSession(wx);
    const page = await mountPage('pages/home/index/index');
    expect(wx.__api.callsTo('GET', '/storefront/home').pop().header.Authorization).toBe('Bearer access-1');
    const data = page.instance.data;
    expect(data.status).toBe('ready');
    expect(data.banners.map((b) => b.imageSrc)).toEqual([
      'http://api.test/files/demo/banner.png',
      'https://cdn.example.com/b.png',
      'http://api.test/files/demo/c.png',
      'http://api.test/files/demo/d.png',
    ]);
    expect(page.dom.textContent).toContain('金秋蟹季 礼盒上新');
    expect(data.categories.map((c) => `${c.scope}:${c.name}`)).toEqual(['package:礼盒装', 'card:电子提货卡']);
    expect(page.querySelectorAll('.category-entry')).toHaveLength(2);
    expect(page.querySelectorAll('#recommended .grid-cell')).toHaveLength(2);
    const textContent = page.dom.textContent;
    expect(textContent).toContain('礼盒1');
    expect(textContent).toContain('¥598.00');
    expect(textContent).toContain('¥758.10¥798.00'); // member price, retail struck through
    expect(textContent).toContain('已售20');
    expect(wx.__storage.get('catalog.showSalesCount')).toBe(true);
  });

  test('banner links: page → navigateTo (tab pages → switchTab), item → detail, url → copied with a toast', async () => {
    wx.__api.on('GET /storefront/home', { data: HOME });
    const page = await mountPage('pages/home/index/index');
    const tap = (index) => page.instance.onBannerTap({ currentTarget: { dataset: { index } } });
    tap(0);
    expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/catalog/list/index?kind=package' }));
    tap(1);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/catalog/detail/index?id=3' });
    tap(2);
    await flush();
    expect(wx.__clipboard).toBe('https://crab.example.com/story');
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '链接已复制，请在浏览器中打开' }));
    tap(3);
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/user/center/index' });
  });

  test('search bar, category and kind entries open their pages', async () => {
    wx.__api.on('GET /storefront/home', { data: HOME });
    const page = await mountPage('pages/home/index/index');
    page.querySelector('#search-bar').dispatchEvent('tap');
    await flush();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/catalog/search/index' });
    page.instance.onCategoryTap({ currentTarget: { dataset: { index: 0 } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/pages/catalog/list/index?kind=package&category_id=1&title=${encodeURIComponent('礼盒装')}` });
    page.instance.onCategoryTap({ currentTarget: { dataset: { index: 1 } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/pages/catalog/list/index?category_id=5&title=${encodeURIComponent('电子提货卡')}` });
    page.instance.onKindTap({ currentTarget: { dataset: { kind: 'ecard' } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/catalog/list/index?kind=ecard' });
  });

  test('back on the tab after logging in: loaded again for the member price; otherwise not', async () => {
    wx.__api.on('GET /storefront/home', (call) => ({
      data: Object.assign({}, HOME, { recommended: [item(1, { price: call.header.Authorization ? 56810 : 59800 })] }),
    }));
    const page = await mountPage('pages/home/index/index');
    expect(page.instance.data.recommended[0].price).toBe(59800);
    page.instance.onShow();
    await flush();
    expect(wx.__api.callsTo('GET', '/storefront/home')).toHaveLength(1);
    seedSession(wx);
    page.instance.onShow();
    await flush();
    expect(wx.__api.callsTo('GET', '/storefront/home')).toHaveLength(2);
    expect(page.instance.data.recommended[0].price).toBe(56810);
    expect(page.dom.textContent).toContain('¥568.10¥598.00');
  });

  test('nothing on sale yet: the empty state', async () => {
    wx.__api.on('GET /storefront/home', { data: { banners: [], recommended: [], package_categories: [], card_categories: [], show_sales_count: false } });
    const page = await mountPage('pages/home/index/index');
    expect(page.instance.data.status).toBe('empty');
    expect(page.dom.textContent).toContain('商品正在上架中');
  });

  test('an error shows the server message with retry; pull-to-refresh keeps the shown page on failure', async () => {
    wx.__api.on('GET /storefront/home', { statusCode: 503, data: errorBody(503, 'UNAVAILABLE', '系统维护中') });
    const page = await mountPage('pages/home/index/index');
    expect(page.instance.data.status).toBe('error');
    expect(page.dom.textContent).toContain('系统维护中');
    expect(page.dom.textContent).toContain('重试');

    wx.__api.on('GET /storefront/home', { data: HOME });
    await page.instance.onRetry();
    expect(page.instance.data.status).toBe('ready');

    wx.__api.on('GET /storefront/home', { networkError: 'offline' });
    page.instance.onPullDownRefresh();
    await flush();
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
    expect(page.instance.data.status).toBe('ready');
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络连接失败，请检查网络后重试' }));
  });
});

describe('分类', () => {
  function categories() {
    wx.__api.on('GET /storefront/categories', (call) => ({
      data: { items: call.query.scope === 'package' ? [{ id: 1, name: '礼盒装' }, { id: 2, name: '家庭装' }] : [{ id: 5, name: '实体提货卡' }] },
    }));
  }

  test('left column in two groups, the first category selected, its items on the right', async () => {
    categories();
    wx.__api.on('GET /storefront/items', (call) => pageAnswer(call.query.category_id === '1' ? [item(1), item(2)] : [], undefined));
    const page = await mountPage('pages/category/index/index');
    expect(page.instance.data.groups.map((g) => g.title)).toEqual(['礼盒套餐', '提货卡']);
    expect(page.querySelectorAll('.side-item')).toHaveLength(3);
    expect(page.instance.data.selectedId).toBe(1);
    expect(page.querySelector('#category-1').dom.className).toContain('side-item-active');
    expect(page.querySelectorAll('#item-list .row')).toHaveLength(2);
    expect(wx.__api.callsTo('GET', '/storefront/items')[0].query).toEqual({ category_id: '1', page: '1', page_size: '20' });

    await page.instance.onCategoryTap({ currentTarget: { dataset: { id: 5 } } });
    await flush();
    expect(page.instance.data.selectedId).toBe(5);
    expect(page.instance.data.itemsStatus).toBe('empty');
    expect(page.dom.textContent).toContain('该分类下暂无商品');
  });

  test('infinite scroll on the right column; a late answer for a category left behind is ignored', async () => {
    categories();
    const first = Array.from({ length: 20 }, (_, i) => item(i + 1));
    wx.__api.on('GET /storefront/items', (call) => {
      if (call.query.category_id === '2') return pageAnswer([item(99, { name: '家庭装礼盒' })]);
      return call.query.page === '1' ? pageAnswer(first, 21) : pageAnswer([item(21)], 21, 2);
    });
    const page = await mountPage('pages/category/index/index');
    expect(page.instance.data.items).toHaveLength(20);
    expect(page.instance.data.hasMore).toBe(true);
    await page.instance.onLoadMore();
    expect(page.instance.data.items).toHaveLength(21);
    expect(page.instance.data.hasMore).toBe(false);
    expect(page.dom.textContent).toContain('没有更多了');
    await page.instance.onLoadMore();
    expect(wx.__api.callsTo('GET', '/storefront/items')).toHaveLength(2);

    // switch to 家庭装 while 礼盒装 is still loading: only 家庭装's items end up shown
    const held = [];
    wx.request.mockImplementation((o) => {
      held.push(() => {
        const res = wx.__api.handle(o);
        o.success({ statusCode: res.statusCode, data: res.data, header: {} });
      });
    });
    page.instance.onCategoryTap({ currentTarget: { dataset: { id: 1 } } }); // same id: ignored
    page.instance.selectCategory({ id: 1, name: '礼盒装' });
    page.instance.onCategoryTap({ currentTarget: { dataset: { id: 2 } } });
    held[1]();
    await flush();
    held[0]();
    await flush();
    expect(page.instance.data.selectedId).toBe(2);
    expect(page.instance.data.items.map((i) => i.id)).toEqual([99]);
  });

  test('back on the tab after logging in: the items are asked for again (member prices)', async () => {
    categories();
    wx.__api.on('GET /storefront/items', pageAnswer([item(1)]));
    const page = await mountPage('pages/category/index/index');
    page.instance.onShow();
    await flush();
    expect(wx.__api.callsTo('GET', '/storefront/items')).toHaveLength(1);
    seedSession(wx);
    page.instance.onShow();
    await flush();
    const calls = wx.__api.callsTo('GET', '/storefront/items');
    expect(calls).toHaveLength(2);
    expect(calls[1].header.Authorization).toBe('Bearer access-1');
    expect(page.instance.data.selectedId).toBe(1);
  });

  test('no categories: empty; an error: message and retry', async () => {
    wx.__api.on('GET /storefront/categories', { data: { items: [] } });
    const empty = await mountPage('pages/category/index/index');
    expect(empty.instance.data.status).toBe('empty');
    expect(empty.dom.textContent).toContain('暂无商品分类');

    wx.__api.on('GET /storefront/categories', { statusCode: 500, data: errorBody(500, 'INTERNAL', '服务器开小差了') });
    const failed = await mountPage('pages/category/index/index');
    expect(failed.instance.data.status).toBe('error');
    expect(failed.dom.textContent).toContain('服务器开小差了');
  });

  test('pull-down on the item column reloads; an item page error offers a retry', async () => {
    categories();
    wx.__api.on('GET /storefront/items', { statusCode: 500, data: errorBody(500, 'INTERNAL', '商品加载失败') });
    const page = await mountPage('pages/category/index/index');
    expect(page.instance.data.itemsStatus).toBe('error');
    expect(page.dom.textContent).toContain('商品加载失败');
    wx.__api.on('GET /storefront/items', pageAnswer([item(1)]));
    await page.instance.onRefresh();
    expect(page.instance.data.refreshing).toBe(false);
    expect(page.instance.data.items).toHaveLength(1);
  });
});

describe('goods list', () => {
  test('kind from the query, title, sort bar cycles 综合 / 销量 ↓↑ / 价格 ↑↓ and reloads from page 1', async () => {
    wx.__storage.set('catalog.showSalesCount', true);
    wx.__api.on('GET /storefront/items', (call) => pageAnswer([item(1), item(2)], 2, Number(call.query.page)));
    const page = await mountPage('pages/catalog/list/index', { kind: 'package' });
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '礼盒套餐' });
    expect(page.querySelectorAll('#item-list .list-row')).toHaveLength(2);
    expect(page.dom.textContent).toContain('已售10');
    const sorts = () => wx.__api.callsTo('GET', '/storefront/items').map((c) => c.query.sort);

    const tap = async (id) => {
      page.querySelector(id).dispatchEvent('tap');
      await flush();
    };
    await tap('#sort-sales');
    await tap('#sort-sales');
    await tap('#sort-price');
    await tap('#sort-price');
    await tap('#sort-price');
    await tap('#sort-default');
    expect(sorts()).toEqual(['default', 'sales', '-sales', 'price', '-price', 'price', 'default']);
    expect(wx.__api.callsTo('GET', '/storefront/items').every((c) => c.query.kind === 'package' && c.query.page === '1')).toBe(true);
    expect(page.querySelector('#sort-default').dom.className).toContain('sort-active');
  });

  test('infinite scroll with onReachBottom, category filter, and the end of the list', async () => {
    const rows = Array.from({ length: 45 }, (_, i) => item(i + 1));
    wx.__api.on('GET /storefront/items', (call) => {
      const p = Number(call.query.page);
      return pageAnswer(rows.slice((p - 1) * 20, p * 20), 45, p);
    });
    const page = await mountPage('pages/catalog/list/index', { category_id: '5', title: encodeURIComponent('电子提货卡') });
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '电子提货卡' });
    expect(wx.__api.calls[0].query).toEqual({ category_id: '5', sort: 'default', page: '1', page_size: '20' });
    page.instance.onReachBottom();
    await flush();
    page.instance.onReachBottom();
    await flush();
    expect(page.instance.data.items).toHaveLength(45);
    expect(page.instance.data.hasMore).toBe(false);
    page.instance.onReachBottom();
    await flush();
    expect(wx.__api.calls).toHaveLength(3);
    expect(page.dom.textContent).toContain('没有更多了');
  });

  test('empty and error states; a failed next page offers a retry', async () => {
    wx.__api.on('GET /storefront/items', pageAnswer([]));
    const empty = await mountPage('pages/catalog/list/index', { kind: 'ecard' });
    expect(empty.instance.data.listStatus).toBe('empty');
    expect(empty.dom.textContent).toContain('暂无商品');

    wx.__api.on('GET /storefront/items', { statusCode: 500, data: errorBody(500, 'INTERNAL', '列表加载失败') });
    const failed = await mountPage('pages/catalog/list/index', { kind: 'package' });
    expect(failed.instance.data.listStatus).toBe('error');
    expect(failed.dom.textContent).toContain('列表加载失败');

    const rows = Array.from({ length: 20 }, (_, i) => item(i + 1));
    wx.__api.on('GET /storefront/items', (call) => (call.query.page === '1' ? pageAnswer(rows, 30) : { networkError: 'offline' }));
    const more = await mountPage('pages/catalog/list/index', { kind: 'package' });
    await more.instance.loadMoreList();
    expect(more.instance.data.moreError).toBeTruthy();
    expect(more.dom.textContent).toContain('加载失败，点击重试');
    expect(more.instance.data.items).toHaveLength(20);
  });
});

describe('search', () => {
  test('history from storage; a search stores the word first and lists the results', async () => {
    wx.__storage.set('search.history', ['电子卡']);
    wx.__api.on('GET /storefront/items', (call) => pageAnswer(call.query.q === '礼盒' ? [item(1), item(2)] : []));
    const page = await mountPage('pages/catalog/search/index');
    expect(page.instance.data.history).toEqual(['电子卡']);
    expect(text(page, '#history-words')).toContain('电子卡');
    expect(page.instance.data.listStatus).toBe('');

    page.instance.onInput({ detail: { value: '礼盒' } });
    await page.instance.onConfirm({ detail: { value: '礼盒' } });
    expect(wx.__api.calls[0].query).toEqual({ q: '礼盒', page: '1', page_size: '20' });
    expect(page.querySelectorAll('#results .list-row')).toHaveLength(2);
    expect(wx.__storage.get('search.history')).toEqual(['礼盒', '电子卡']);

    await page.instance.onHistoryTap({ currentTarget: { dataset: { word: '电子卡' } } });
    expect(page.instance.data.listStatus).toBe('empty');
    expect(page.dom.textContent).toContain('没有找到“电子卡”相关的商品');
    expect(wx.__storage.get('search.history')).toEqual(['电子卡', '礼盒']);

    page.instance.onClearKeyword();
    expect(page.instance.data.searched).toBe('');
    expect(text(page, '#history-words')).toContain('礼盒');
  });

  test('an empty keyword is not searched; clearing the history asks first', async () => {
    wx.__storage.set('search.history', ['礼盒']);
    const page = await mountPage('pages/catalog/search/index');
    await page.instance.onSearchTap();
    expect(wx.request).not.toHaveBeenCalled();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '请输入搜索内容' }));

    wx.__modalConfirm = false;
    await page.instance.onClearHistory();
    expect(page.instance.data.history).toEqual(['礼盒']);
    wx.__modalConfirm = true;
    await page.instance.onClearHistory();
    expect(page.instance.data.history).toEqual([]);
    expect(wx.__storage.has('search.history')).toBe(false);
    expect(page.dom.textContent).toContain('暂无搜索历史');
  });

  test('opened with ?q= searches at once; an error shows the message; more results on reaching the bottom', async () => {
    wx.__api.on('GET /storefront/items', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '搜索词过长') });
    const failed = await mountPage('pages/catalog/search/index', { q: encodeURIComponent('蟹') });
    expect(failed.instance.data.listStatus).toBe('error');
    expect(failed.dom.textContent).toContain('搜索词过长');

    const rows = Array.from({ length: 25 }, (_, i) => item(i + 1));
    wx.__api.on('GET /storefront/items', (call) => (call.query.page === '1' ? pageAnswer(rows.slice(0, 20), 25) : pageAnswer(rows.slice(20), 25, 2)));
    const page = await mountPage('pages/catalog/search/index', { q: '礼盒' });
    page.instance.onReachBottom();
    await flush();
    expect(page.instance.data.items).toHaveLength(25);
  });
});

describe('detail', () => {
  const DETAIL = Object.assign(item(3, { price: 56810, retail_price: 59800, sales_count: 128 }), {
    gallery: ['/files/demo/g1.png', '/files/demo/g2.png'],
    video_url: '/files/demo/v.mp4',
    detail_html: '<p>膏满黄肥</p><img src="/files/demo/detail.png">',
    stock: 300,
    contents: [
      { product_id: 1, product_name: '公蟹 4.0 两', product_sku: 'YC-M40', unit: '只', quantity: 4 },
      { product_id: 4, product_name: '母蟹 3.0 两', product_sku: 'YC-F30', unit: '只', quantity: 4 },
    ],
    redeem_package: null,
    is_favorite: false,
    show_sales_count: true,
  });

  test('loading, then gallery (video first), member price with retail struck through, sales, stock, contents, rich text', async () => {
    wx.__api.on('GET /storefront/items/3', { data: DETAIL });
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/catalog/detail/index', { id: '3' });
    expect(loading.instance.data.status).toBe('loading');

    const page = await mountPage('pages/catalog/detail/index', { id: '3' });
    const data = page.instance.data;
    expect(data.status).toBe('ready');
    expect(data.item.images).toEqual(['http://api.test/files/demo/g1.png', 'http://api.test/files/demo/g2.png']);
    expect(data.item.videoSrc).toBe('http://api.test/files/demo/v.mp4');
    expect(data.slideCount).toBe(3);
    expect(page.querySelector('#item-video')).toBeTruthy();
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '礼盒3' });
    const content = page.dom.textContent;
    expect(content).toContain('会员价¥568.10¥598.00');
    expect(text(page, '#sales-count')).toBe('已售 128');
    expect(text(page, '#stock')).toBe('库存 300');
    expect(text(page, '#contents')).toContain('公蟹 4.0 两');
    expect(text(page, '#contents')).toContain('× 4只');
    expect(data.item.html).toContain('src="http://api.test/files/demo/detail.png"');
    expect(page.querySelector('#detail-html')).toBeTruthy();
    expect(text(page, '#favorite-toggle')).toContain('收藏');
    expect(text(page, '#add-to-cart')).toBe('加入购物车'); // a package: both buy buttons
    expect(text(page, '#buy-now')).toBe('立即购买');

    page.instance.onPreview({ currentTarget: { dataset: { index: 1 } } });
    expect(wx.previewImage).toHaveBeenCalledWith({ current: 'http://api.test/files/demo/g2.png', urls: data.item.images });
    const share = page.instance.onShareAppMessage();
    expect(share).toEqual({ title: '礼盒3', path: '/pages/catalog/detail/index?id=3', imageUrl: 'http://api.test/files/demo/g1.png' });
    expect(page.instance.onShareTimeline()).toEqual({ title: '礼盒3', query: 'id=3' });
  });

  test('a card shows the package it redeems for; hidden stock and sales stay hidden; no gallery → the cover', async () => {
    wx.__api.on('GET /storefront/items/8', {
      data: Object.assign(item(8, { kind: 'physical_card', name: '598 型提货卡（4对装）' }), {
        gallery: [],
        video_url: '',
        detail_html: '',
        stock: null,
        contents: [],
        redeem_package: { id: 1, name: '公4.0两 母3.0两 4对装', cover_url: '', contents: [{ product_id: 1, product_name: '公蟹 4.0 两', unit: '只', quantity: 4 }] },
        is_favorite: true,
        show_sales_count: false,
      }),
    });
    const page = await mountPage('pages/catalog/detail/index', { id: '8' });
    const data = page.instance.data;
    expect(data.item.images).toEqual(['http://api.test/files/demo/package-8.png']);
    expect(page.querySelector('#item-video')).toBeFalsy();
    expect(page.querySelector('#sales-count')).toBeFalsy();
    expect(page.querySelector('#stock')).toBeFalsy();
    expect(page.querySelector('#contents')).toBeFalsy();
    expect(text(page, '#redeem-package')).toContain('公4.0两 母3.0两 4对装');
    expect(text(page, '#redeem-package')).toContain('公蟹 4.0 两');
    expect(text(page, '#item-name')).toContain('实体提货卡');
    expect(page.dom.textContent).toContain('¥598.00');
    expect(page.dom.textContent).not.toContain('会员价');
    expect(text(page, '#favorite-toggle')).toContain('已收藏');
    expect(page.dom.textContent).toContain('暂无详情');
    page.instance.onRedeemPackageTap();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/catalog/detail/index?id=1' });
  });

  test('off the shelf (404 ITEM_NOT_ON_SALE): its own state with a way home; other errors: retry', async () => {
    wx.__api.on('GET /storefront/items/4', { statusCode: 404, data: errorBody(404, 'ITEM_NOT_ON_SALE', '商品不存在或已下架') });
    const gone = await mountPage('pages/catalog/detail/index', { id: '4' });
    expect(gone.instance.data.status).toBe('notfound');
    expect(gone.dom.textContent).toContain('商品不存在或已下架');
    gone.instance.goHome();
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/home/index/index' });

    const bad = await mountPage('pages/catalog/detail/index', { id: 'abc' });
    expect(bad.instance.data.status).toBe('notfound');

    wx.__api.on('GET /storefront/items/5', { networkError: 'offline' });
    const failed = await mountPage('pages/catalog/detail/index', { id: '5' });
    expect(failed.instance.data.status).toBe('error');
    expect(failed.dom.textContent).toContain('网络连接失败');
    wx.__api.on('GET /storefront/items/5', { data: DETAIL });
    await failed.instance.onRetry();
    expect(failed.instance.data.status).toBe('ready');
  });

  test('favorite toggle when logged in: PUT then DELETE, the state follows the answer', async () => {
    seedSession(wx);
    wx.__api.on('GET /storefront/items/3', { data: DETAIL });
    wx.__api.on('PUT /me/favorites/3', { data: { item_id: 3, is_favorite: true } });
    wx.__api.on('DELETE /me/favorites/3', { data: { item_id: 3, is_favorite: false } });
    const page = await mountPage('pages/catalog/detail/index', { id: '3' });
    await page.instance.onToggleFavorite();
    expect(page.instance.data.isFavorite).toBe(true);
    expect(text(page, '#favorite-toggle')).toContain('已收藏');
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已收藏' }));
    await page.instance.onToggleFavorite();
    expect(page.instance.data.isFavorite).toBe(false);
    expect(wx.__api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /storefront/items/3', 'GET /storefront/items/3/reviews', 'PUT /me/favorites/3', 'DELETE /me/favorites/3']);
  });

  test('a 商品评价 card below the detail: the item\'s public reviews, 3 a page, without the token', async () => {
    seedSession(wx);
    wx.__api.on('GET /storefront/items/3', { data: DETAIL });
    wx.__api.on('GET /storefront/items/3/reviews', {
      data: {
        items: [
          { id: 31, rating: 5, content: '膏很满，送人有面子', images: ['/files/reviews/r1.png'], reply: '感谢支持', user_name: '张**', user_avatar_url: '', created_at: '2026-11-20T08:00:00Z' },
          { id: 30, rating: 4, content: '个头不错', images: [], reply: '', user_name: '李**', user_avatar_url: '', created_at: '2026-11-19T08:00:00Z' },
          { id: 29, rating: 5, content: '', images: [], reply: '', user_name: '王**', user_avatar_url: '', created_at: '2026-11-18T08:00:00Z' },
        ],
        total: 5,
        page: 1,
        page_size: 3,
      },
    });
    const page = await mountPage('pages/catalog/detail/index', { id: '3' });
    const reviews = wx.__api.callsTo('GET', '/storefront/items/3/reviews');
    expect(reviews).toHaveLength(1);
    expect(reviews[0].query).toEqual({ page: '1', page_size: '3' });
    expect(reviews[0].header.Authorization).toBeUndefined();
    const card = page.querySelector('#reviews');
    expect(card).toBeTruthy();
    expect(card.dom.className).toContain('card');
    const content = text(page, '#reviews');
    expect(content).toContain('商品评价');
    expect(content).toContain('（5）');
    expect(content).toContain('张**');
    expect(content).toContain('膏很满，送人有面子');
    expect(content).toContain('商家回复：感谢支持');
    expect(content).toContain('个头不错');
    expect(content).toContain('查看更多评价');
    // below the detail, above the buy bar
    const html = page.dom.innerHTML;
    expect(html.indexOf('商品详情')).toBeLessThan(html.indexOf('商品评价'));
    expect(html.indexOf('商品评价')).toBeLessThan(html.indexOf('立即购买'));

    page.instance.onShow(); // shown again: the detail is reloaded, the reviews are not asked again
    await flush();
    expect(wx.__api.callsTo('GET', '/storefront/items/3')).toHaveLength(2);
    expect(wx.__api.callsTo('GET', '/storefront/items/3/reviews')).toHaveLength(1);
  });

  test('the reviews card says 暂无评价 when there are none, and is absent while the item is off the shelf', async () => {
    wx.__api.on('GET /storefront/items/3', { data: DETAIL });
    wx.__api.on('GET /storefront/items/3/reviews', { data: { items: [], total: 0, page: 1, page_size: 3 } });
    const page = await mountPage('pages/catalog/detail/index', { id: '3' });
    expect(text(page, '#reviews')).toContain('暂无评价');

    wx.__api.on('GET /storefront/items/4', { statusCode: 404, data: errorBody(404, 'ITEM_NOT_ON_SALE', '商品不存在或已下架') });
    const gone = await mountPage('pages/catalog/detail/index', { id: '4' });
    expect(gone.querySelector('#reviews')).toBeFalsy();
    expect(wx.__api.callsTo('GET', '/storefront/items/4/reviews')).toHaveLength(0);
  });

  test('favorite toggle when logged out: to the login page, and back there the favorite is done', async () => {
    wx.__api.on('GET /storefront/items/3', (call) => ({ data: Object.assign({}, DETAIL, { price: call.header.Authorization ? 56810 : 59800 }) }));
    wx.__api.on('PUT /me/favorites/3', { data: { item_id: 3, is_favorite: true } });
    const page = await mountPage('pages/catalog/detail/index', { id: '3' });
    await page.instance.onToggleFavorite();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/auth/login/index' });
    expect(wx.__api.callsTo('PUT', '/me/favorites/3')).toHaveLength(0);

    seedSession(wx); // logged in on the login page, which navigates back
    page.instance.onShow();
    await flush();
    expect(wx.__api.callsTo('PUT', '/me/favorites/3')).toHaveLength(1);
    expect(page.instance.data.isFavorite).toBe(true);
    expect(page.instance.data.item.price).toBe(56810); // reloaded with the member's price

    page.instance.onShow(); // nothing pending any more
    await flush();
    expect(wx.__api.callsTo('PUT', '/me/favorites/3')).toHaveLength(1);
  });

  test('a failed favorite keeps the old state (request.js shows the message)', async () => {
    seedSession(wx);
    wx.__api.on('GET /storefront/items/3', { data: DETAIL });
    wx.__api.on('PUT /me/favorites/3', { statusCode: 404, data: errorBody(404, 'ITEM_NOT_ON_SALE', '商品不存在或已下架') });
    const page = await mountPage('pages/catalog/detail/index', { id: '3' });
    await page.instance.onToggleFavorite();
    expect(page.instance.data.isFavorite).toBe(false);
    expect(page.instance.data.favoriting).toBe(false);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '商品不存在或已下架' }));
  });
});

test('every picture in the pages and components is bound to a value made by utils/url.js, never a raw *_url', () => {
  const fs = require('fs');
  const path = require('path');
  const { ROOT } = require('../helpers/page-shim');
  const files = [];
  (function walk(dir) {
    fs.readdirSync(dir, { withFileTypes: true }).forEach((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.wxml')) files.push(full);
    });
  })(ROOT + '/pages');
  (function walk(dir) {
    fs.readdirSync(dir, { withFileTypes: true }).forEach((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.wxml')) files.push(full);
    });
  })(ROOT + '/components');
  files.forEach((file) => {
    const source = fs.readFileSync(file, 'utf8');
    (source.match(/<(image|video)\b[^>]*>/g) || []).forEach((tag) => {
      expect(tag).not.toMatch(/(src|poster)="\{\{[^}]*_url\}\}"/);
    });
  });
});
