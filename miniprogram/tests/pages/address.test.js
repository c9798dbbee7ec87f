const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage } = require('../helpers/page-shim');

function address(id, overrides) {
  return Object.assign(
    {
      id, receiver_name: `收货人${id}`, receiver_phone: '13800000001', province: '江苏省', city: '苏州市', district: '相城区',
      detail: `阳澄湖镇${id}号`, postcode: '', latitude: null, longitude: null, is_default: false,
      created_at: '2026-11-23T12:00:00Z', updated_at: '2026-11-23T12:00:00Z',
    },
    overrides,
  );
}

let wx;
let store;

/** A tiny in-memory address book behind the mocked API. */
function addressApi() {
  store = [address(1), address(2, { is_default: true }), address(3)];
  const byId = (req) => store.find((a) => a.id === Number(req.path.split('/')[3]));
  wx.__api.on('GET /me/addresses', () => ({ data: { items: store.slice() } }));
  wx.__api.on('GET /me/addresses/:id', (req) => ({ data: byId(req) }));
  wx.__api.on('POST /me/addresses/:id/default', (req) => {
    const target = byId(req);
    store.forEach((a) => Object.assign(a, { is_default: a === target }));
    return { data: target };
  });
  wx.__api.on('DELETE /me/addresses/:id', (req) => {
    store = store.filter((a) => a !== byId(req));
    return { statusCode: 204, data: '' };
  });
  wx.__api.on('POST /me/addresses', (req) => {
    const created = address(store.length + 10, req.data);
    if (created.is_default) store.forEach((a) => Object.assign(a, { is_default: false }));
    store.push(created);
    return { statusCode: 201, data: created };
  });
  wx.__api.on('PUT /me/addresses/:id', (req) => ({ data: Object.assign(byId(req), req.data) }));
}

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  installPageShim(wx);
  seedSession(wx);
  addressApi();
});

describe('address list', () => {
  test('shows the default first with its tag', async () => {
    const page = await mountPage('pages/address/list/index');
    expect(page.instance.data.items.map((a) => a.id)).toEqual([2, 1, 3]);
    const cards = page.querySelectorAll('.address');
    expect(cards).toHaveLength(3);
    expect(cards[0].dom.textContent).toContain('默认');
    expect(cards[0].dom.textContent).toContain('江苏省 苏州市 相城区 阳澄湖镇2号');
    expect(cards[1].dom.textContent).toContain('设为默认');
    expect(page.querySelector('#no-default-notice')).toBeFalsy();
  });

  test('set default calls the API and reloads', async () => {
    const page = await mountPage('pages/address/list/index');
    await page.instance.onSetDefault({ currentTarget: { dataset: { id: 3 } } });
    expect(wx.__api.callsTo('POST', '/me/addresses/3/default')).toHaveLength(1);
    expect(page.instance.data.items[0].id).toBe(3);
    expect(page.instance.data.busyId).toBe(0);
  });

  test('delete asks first; cancelling sends nothing', async () => {
    const page = await mountPage('pages/address/list/index');
    wx.__modalConfirm = false;
    await page.instance.onDelete({ currentTarget: { dataset: { id: 1 } } });
    expect(wx.__api.callsTo('DELETE', '/me/addresses/1')).toHaveLength(0);
    wx.__modalConfirm = true;
    await page.instance.onDelete({ currentTarget: { dataset: { id: 1 } } });
    expect(wx.__api.callsTo('DELETE', '/me/addresses/1')).toHaveLength(1);
    expect(page.instance.data.items.map((a) => a.id)).toEqual([2, 3]);
  });

  test('deleting the default warns, and afterwards the user is asked to pick one', async () => {
    const page = await mountPage('pages/address/list/index');
    await page.instance.onDelete({ currentTarget: { dataset: { id: 2 } } });
    expect(wx.showModal.mock.calls[0][0].content).toContain('重新选择一个默认地址');
    expect(page.instance.data.hasDefault).toBe(false);
    expect(page.querySelector('#no-default-notice')).toBeTruthy();
    expect(wx.__api.callsTo('POST', '/me/addresses/1/default')).toHaveLength(0); // nothing picked silently
  });

  test('empty and error states; pull-to-refresh reloads', async () => {
    store = [];
    const page = await mountPage('pages/address/list/index');
    expect(page.instance.data.status).toBe('empty');
    expect(page.dom.textContent).toContain('还没有收货地址');

    wx.__api.on('GET /me/addresses', { statusCode: 500, data: errorBody(500, 'INTERNAL_ERROR', '服务暂不可用') });
    const failing = await mountPage('pages/address/list/index');
    expect(failing.instance.data.status).toBe('error');
    expect(failing.dom.textContent).toContain('服务暂不可用');

    addressApi();
    failing.instance.onPullDownRefresh();
    await flush();
    expect(failing.instance.data.status).toBe('ready');
    expect(wx.stopPullDownRefresh).toHaveBeenCalled();
  });

  test('no more than 20 addresses', async () => {
    store = Array.from({ length: 20 }, (_, i) => address(i + 1));
    const page = await mountPage('pages/address/list/index');
    page.instance.onAdd();
    expect(wx.navigateTo).not.toHaveBeenCalled();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '最多保存20个收货地址' }));
  });
});

describe('address form', () => {
  function fill(page, values) {
    Object.keys(values).forEach((field) => page.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value: values[field] } }));
  }

  test('client validation blocks the request and shows the errors under the fields', async () => {
    const page = await mountPage('pages/address/edit/index');
    fill(page, { receiver_name: '', receiver_phone: '123' });
    await page.instance.onSave();
    expect(wx.__api.callsTo('POST', '/me/addresses')).toHaveLength(0);
    expect(page.instance.data.errors).toMatchObject({ receiver_name: '请输入收货人姓名', receiver_phone: '请输入正确的手机号或座机号', region: '请选择所在地区', detail: '请输入详细地址' });
    expect(page.dom.textContent).toContain('请选择所在地区');
  });

  test('creates an address with one idempotency key per form, kept for a retry', async () => {
    let fail = true;
    wx.__api.on('POST /me/addresses', (req) => {
      if (fail) {
        fail = false;
        return { networkError: 'timeout' };
      }
      return { statusCode: 201, data: address(99, req.data) };
    });
    const page = await mountPage('pages/address/edit/index');
    fill(page, { receiver_name: '李四', receiver_phone: '13900000002', detail: '湖滨路88号', postcode: '215000' });
    page.instance.onRegionChange({ detail: { value: ['江苏省', '苏州市', '相城区'] } });
    page.instance.onDefaultChange({ detail: { value: true } });
    await page.instance.onSave(); // times out
    await page.instance.onSave(); // user taps again
    const posts = wx.__api.callsTo('POST', '/me/addresses');
    expect(posts).toHaveLength(2);
    expect(posts[1].header['Idempotency-Key']).toBe(posts[0].header['Idempotency-Key']);
    expect(posts[1].data).toEqual({
      receiver_name: '李四', receiver_phone: '13900000002', province: '江苏省', city: '苏州市', district: '相城区',
      detail: '湖滨路88号', postcode: '215000', is_default: true,
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(wx.navigateBack).toHaveBeenCalled();
  });

  test('asks for the default explicitly when the server did not apply is_default on create', async () => {
    wx.__api.on('POST /me/addresses', (req) => ({ statusCode: 201, data: address(50, Object.assign({}, req.data, { is_default: false })) }));
    wx.__api.on('POST /me/addresses/50/default', { data: address(50, { is_default: true }) });
    const page = await mountPage('pages/address/edit/index');
    fill(page, { receiver_name: '王五', receiver_phone: '13900000003', detail: '湖滨路99号' });
    page.instance.onRegionChange({ detail: { value: ['上海市', '上海市', '浦东新区'] } });
    page.instance.onDefaultChange({ detail: { value: true } });
    await page.instance.onSave();
    expect(wx.__api.callsTo('POST', '/me/addresses/50/default')).toHaveLength(1);
  });

  test('edit loads the address, PUTs the changes and maps server errors onto fields', async () => {
    const page = await mountPage('pages/address/edit/index', { id: '1' });
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '编辑收货地址' });
    expect(page.instance.data.form.receiver_name).toBe('收货人1');
    expect(page.instance.data.regionText).toBe('江苏省 苏州市 相城区');

    wx.__api.on('PUT /me/addresses/:id', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '地址有误', { errors: { district: ['区县不存在'], detail: ['太短'] } }) });
    fill(page, { detail: '湖滨路100号' });
    await page.instance.onSave();
    expect(wx.__api.callsTo('PUT', '/me/addresses/1')[0].data.detail).toBe('湖滨路100号');
    expect(page.instance.data.errors).toEqual({ region: '区县不存在', detail: '太短' });
    expect(page.instance.data.saving).toBe(false);
  });
});
