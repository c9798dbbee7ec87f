/**
 * Storefront journey against the real backend (demo data: 5 packages, 2 physical cards, 2 e-cards, one banner,
 * member levels with 普通会员 at 100%): anonymous home → packages by price → search (by name and by category
 * name) → SMS login → detail and favorite → 我的收藏 → feedback with a picture (a real PNG through
 * POST /me/uploads?purpose=feedback) and 我的反馈 (with a reply from the console).
 */
const crypto = require('crypto');
const { createHttpWx, api } = require('../helpers/http-wx');
const { installPageShim, mountPage, flush } = require('../helpers/page-shim');
const { waitFor, failedCalls, PNG_1X1, tempFiles } = require('../helpers/journey');

jest.setTimeout(60000);

const BASE = process.env.JOURNEY_API_BASE;
const describeJourney = BASE ? describe : describe.skip;

const { tempFile, cleanup } = tempFiles('crab-journey-picture-');
afterAll(cleanup);

function randomPhone() {
  return `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** POST with the JSON body and an idempotency key, outside the mini-program code (for the console's reply). */
async function post(pathName, token, body) {
  const res = await globalThis.nodeFetch.fetch(`${BASE}${pathName}`, {
    method: 'POST',
    headers: Object.assign({ 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() }, token ? { Authorization: `Bearer ${token}` } : {}),
    body: JSON.stringify(body),
  });
  return { status: res.status, data: await res.json().catch(() => null) };
}

describeJourney('storefront journey (real backend)', () => {
  let wx;

  beforeEach(() => {
    jest.resetModules();
    wx = createHttpWx({ envVersion: 'develop' });
    wx.__storage.set('dev.apiBaseUrl', BASE);
    installPageShim(wx);
  });

  test('home → packages by price → search → SMS login → detail + favorite → 我的收藏 → feedback → 我的反馈', async () => {
    const origin = BASE.replace(/\/api\/v1$/, '');

    // 1. anonymous home: the seeded banner, recommended items at the retail price, category entries
    const home = await mountPage('pages/home/index/index');
    await waitFor(() => home.instance.data.status !== 'loading', 'the home page');
    expect(failedCalls(wx)).toEqual([]);
    expect(home.instance.data.status).toBe('ready');
    const banner = home.instance.data.banners.find((b) => b.title === '金秋蟹季 礼盒上新');
    expect(banner).toBeTruthy();
    expect(banner.imageSrc.indexOf(origin)).toBe(0);
    const bannerPicture = await globalThis.nodeFetch.fetch(banner.imageSrc);
    expect(bannerPicture.status).toBe(200);
    expect(bannerPicture.headers.get('content-type')).toMatch(/^image\//);
    home.instance.onBannerTap({ currentTarget: { dataset: { index: home.instance.data.banners.indexOf(banner) } } });
    expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: '/pages/catalog/list/index?kind=package' }));

    const recommended = home.instance.data.recommended;
    expect(recommended.length).toBeGreaterThan(0);
    recommended.forEach((item) => expect(item.price).toBe(item.retail_price));
    expect(home.dom.textContent).toContain(`¥${(recommended[0].price / 100).toFixed(2)}`);
    expect(home.instance.data.categories.length).toBeGreaterThan(0);
    expect(wx.__httpLog.every((e) => !e.url.includes('/storefront/') || e.status === 200)).toBe(true);

    // 2. the packages sorted by price, lowest first (tap 价格 once)
    const list = await mountPage('pages/catalog/list/index', { kind: 'package' });
    await waitFor(() => list.instance.data.listStatus === '', 'the package list');
    list.instance.onSortTap({ currentTarget: { dataset: { key: 'price' } } });
    await waitFor(() => list.instance.data.listStatus === '' && list.instance.data.sort === 'price', 'the sorted list');
    await flush();
    const packages = list.instance.data.items;
    expect(packages).toHaveLength(5);
    expect(packages.every((p) => p.kind === 'package')).toBe(true);
    const prices = packages.map((p) => p.price);
    expect(prices).toEqual(prices.slice().sort((a, b) => a - b));
    expect(list.instance.data.hasMore).toBe(false);
    expect(wx.__httpLog.filter((e) => e.url.includes('/storefront/items?')).pop().url).toContain('sort=price');

    // 3. search: the two e-cards by a word of their name (the word kept in the history), packages by their category
    const search = await mountPage('pages/catalog/search/index');
    await search.instance.onConfirm({ detail: { value: '电子卡' } });
    await waitFor(() => search.instance.data.listStatus !== 'loading', 'the search results');
    expect(search.instance.data.items.map((i) => i.kind)).toEqual(['ecard', 'ecard']);
    expect(wx.__storage.get('search.history')[0]).toBe('电子卡');
    // a word of the category name (礼盒装) finds its packages, though no package name says 礼盒
    await search.instance.onConfirm({ detail: { value: '礼盒' } });
    await waitFor(() => search.instance.data.listStatus !== 'loading', 'the search results');
    expect(search.instance.data.items.filter((i) => i.kind === 'package').length).toBeGreaterThanOrEqual(1);
    await search.instance.onConfirm({ detail: { value: '4对装' } });
    await waitFor(() => search.instance.data.listStatus !== 'loading', 'the search results');
    expect(search.instance.data.items.length).toBeGreaterThanOrEqual(3);
    expect(search.instance.data.items.every((i) => i.name.includes('4对装'))).toBe(true);
    const target = packages[0]; // the cheapest package

    // 4. the detail page as a visitor: price and contents; tapping 收藏 asks for a login
    const detail = await mountPage('pages/catalog/detail/index', { id: String(target.id) });
    await waitFor(() => detail.instance.data.status !== 'loading', 'the detail page');
    expect(detail.instance.data.status).toBe('ready');
    expect(detail.instance.data.item.price).toBe(target.retail_price);
    expect(detail.dom.textContent).toContain(`¥${(target.retail_price / 100).toFixed(2)}`);
    expect(detail.instance.data.item.contents.length).toBeGreaterThan(0);
    expect(detail.instance.data.isFavorite).toBe(false);
    await detail.instance.onToggleFavorite();
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/auth/login/index' });

    // 5. SMS login on the login page, which goes back to the detail page: the favorite is done there
    const phone = randomPhone();
    const login = await mountPage('pages/auth/login/index');
    login.instance.switchMode({ currentTarget: { dataset: { mode: 'sms' } } });
    login.instance.toggleAgree();
    login.instance.onPhoneInput({ detail: { value: phone } });
    await login.instance.onSendCode();
    login.instance.onUnload();
    const inbox = await waitFor(async () => {
      const res = await api(BASE, 'GET', `/dev/sms-inbox?phone=${phone}`);
      return res.status === 200 && res.data.items && res.data.items.length ? res.data : null;
    }, 'the SMS code');
    login.instance.onCodeInput({ detail: { value: String(inbox.items[0].params.code) } });
    await login.instance.onSmsLogin();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.navigateBack).toHaveBeenCalled(); // the detail page is under the login page
    const token = wx.__storage.get('session.accessToken');
    expect(token).toBeTruthy();

    detail.instance.onShow();
    await waitFor(() => detail.instance.data.isFavorite && !detail.instance.data.favoriting, 'the favorite');
    expect(failedCalls(wx)).toEqual([]);
    expect(detail.instance.data.item.price).toBe(target.retail_price); // 普通会员 pays 100%
    let mine = await api(BASE, 'GET', '/me/favorites', token);
    expect(mine.data.items.map((f) => f.item.id)).toEqual([target.id]);

    // the toggle works both ways, and again
    await detail.instance.onToggleFavorite();
    expect(detail.instance.data.isFavorite).toBe(false);
    mine = await api(BASE, 'GET', '/me/favorites', token);
    expect(mine.data.items).toEqual([]);
    await detail.instance.onToggleFavorite();
    expect(detail.instance.data.isFavorite).toBe(true);
    const again = await api(BASE, 'GET', `/storefront/items/${target.id}`, token);
    expect(again.data.is_favorite).toBe(true);

    // 6. 我的收藏 lists it; a second favorite from a card's detail page comes first (newest first)
    const card = await mountPage('pages/catalog/detail/index', { id: String(search.instance.data.items.find((i) => i.kind !== 'package').id) });
    await waitFor(() => card.instance.data.status !== 'loading', 'the card detail');
    expect(card.instance.data.item.redeemPackage).toBeTruthy();
    expect(card.instance.data.item.redeemPackage.contents.length).toBeGreaterThan(0);
    await card.instance.onToggleFavorite();
    expect(card.instance.data.isFavorite).toBe(true);

    const favorites = await mountPage('pages/favorite/list/index');
    await waitFor(() => favorites.instance.data.listStatus !== 'loading', 'the favorites');
    expect(failedCalls(wx)).toEqual([]);
    expect(favorites.instance.data.items.map((i) => i.id)).toEqual([card.instance.data.item.id, target.id]);
    expect(favorites.dom.textContent).toContain(target.name);

    // unfavorite from the list (long press + confirm)
    await favorites.instance.onItemLongPress({ detail: { id: card.instance.data.item.id } });
    expect(favorites.instance.data.items.map((i) => i.id)).toEqual([target.id]);
    mine = await api(BASE, 'GET', '/me/favorites', token);
    expect(mine.data.items.map((f) => f.item.id)).toEqual([target.id]);

    // 7. feedback: too short is refused on the phone; a real one is stored and listed, then the reply shows
    const form = await mountPage('pages/feedback/index/index');
    form.instance.onContentInput({ detail: { value: '好' } });
    await form.instance.onSubmit();
    expect(form.instance.data.errors.content).toBe('反馈内容至少5个字');
    const words = `旅程反馈：希望增加顺丰次日达 ${Date.now()}`;
    form.instance.onContentInput({ detail: { value: words } });
    form.instance.onContactInput({ detail: { value: phone } });
    const pictures = form.querySelector('#feedback-pictures');
    wx.__chosenFiles = [{ tempFilePath: tempFile('screenshot.png', PNG_1X1), size: PNG_1X1.length }];
    await pictures.instance.onAdd();
    await waitFor(() => form.instance.data.images.length === 1, 'the uploaded picture');
    const pictureUrl = form.instance.data.images[0];
    expect(pictureUrl).toMatch(/^\/files\/uploads\/feedback\/\d+\/[^/]+\.png$/);
    const served = await globalThis.nodeFetch.fetch(pictures.instance.data.pictures[0].src);
    expect(served.headers.get('content-type')).toMatch(/^image\/png/);
    await form.instance.onSubmit();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__httpLog.find((e) => e.method === 'POST' && e.url.endsWith('/me/feedback')).body.images).toEqual([pictureUrl]);
    expect(pictures.instance.data.pictures).toEqual([]); // the form is empty again
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/feedback/list/index' });

    const feedbackList = await mountPage('pages/feedback/list/index');
    await waitFor(() => feedbackList.instance.data.listStatus !== 'loading', 'my feedback');
    expect(feedbackList.instance.data.items).toHaveLength(1);
    const sent = feedbackList.instance.data.items[0];
    expect(sent).toMatchObject({ content: words, contact: phone, status: 'open', statusLabel: '待回复' });

    const admin = await post('/admin/auth/login', null, { username: 'admin', password: 'Admin@12345' });
    if (admin.status === 200 && !admin.data.password_change_required) {
      const reply = await post(`/admin/feedback/${sent.id}/reply`, admin.data.access_token, { reply: '已记录，蟹季内上线' });
      expect(reply.status).toBe(200);
      feedbackList.instance.onShow(); // back on the page: a quiet refresh
      await waitFor(() => feedbackList.instance.data.items[0] && feedbackList.instance.data.items[0].replied, 'the reply');
      expect(feedbackList.dom.textContent).toContain('已记录，蟹季内上线');
      expect(feedbackList.dom.textContent).toContain('已回复');
    } else {
      process.stderr.write(`[journey] feedback reply skipped: admin login answered ${admin.status}\n`);
    }

    // 8. 关于我们 from the settings (public)
    const about = await mountPage('pages/content/about/index');
    await waitFor(() => about.instance.data.status !== 'loading', 'the about page');
    expect(about.instance.data.status).toBe('ready');
    expect(about.instance.data.about.name).toBeTruthy();
    expect(failedCalls(wx)).toEqual([]);
  });

  test('categories tab: each category lists its own items', async () => {
    const page = await mountPage('pages/category/index/index');
    await waitFor(() => page.instance.data.status !== 'loading' && page.instance.data.itemsStatus !== 'loading', 'the categories');
    expect(failedCalls(wx)).toEqual([]);
    const categories = [].concat(...page.instance.data.groups.map((g) => g.categories));
    expect(page.instance.data.groups.map((g) => g.title)).toEqual(['礼盒套餐', '提货卡']);
    let seen = 0;
    for (const category of categories) {
      // eslint-disable-next-line no-await-in-loop
      await page.instance.selectCategory(category);
      expect(page.instance.data.items.every((i) => i.category_id === category.id)).toBe(true);
      seen += page.instance.data.items.length;
    }
    expect(seen).toBe(9); // 5 packages + 2 physical cards + 2 e-cards
  });
});
