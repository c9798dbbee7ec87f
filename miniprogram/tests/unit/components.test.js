/** price-tag, item-card and quantity-stepper, rendered with miniprogram-simulate. */
const path = require('path');
const simulate = require('miniprogram-simulate');
const { createWx } = require('../helpers/wx-mock');

const ROOT = path.resolve(__dirname, '..', '..');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  global.wx = wx;
});

function render(name, props) {
  const id = simulate.load(path.join(ROOT, `components/${name}/index`), name, { compiler: 'simulate', rootPath: ROOT });
  const comp = simulate.render(id, props);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

function textOf(comp, selector) {
  const node = comp.querySelector(selector);
  return node ? node.dom.textContent.trim() : null;
}

describe('price-tag', () => {
  test('fen → ¥ yuan with two decimals; no strike-through when the price is the retail price', () => {
    const comp = render('price-tag', { price: 59800, retail: 59800 });
    expect(textOf(comp, '.price-now')).toBe('¥598.00');
    expect(comp.querySelector('.price-retail')).toBeFalsy();
    expect(comp.querySelector('.price-label')).toBeFalsy();
  });

  test('a lower member price shows the retail price struck through (and the label)', () => {
    const comp = render('price-tag', { price: 56810, retail: 59800, label: '会员价', size: 'large' });
    expect(textOf(comp, '.price-now')).toBe('¥568.10');
    expect(textOf(comp, '.price-retail')).toBe('¥598.00');
    expect(textOf(comp, '.price-label')).toBe('会员价');
    expect(comp.querySelector('.price-large')).toBeTruthy();
  });

  test('cents are padded, updates follow the properties, and a missing price says so', () => {
    const comp = render('price-tag', { price: 5, retail: null });
    expect(textOf(comp, '.price-now')).toBe('¥0.05');
    comp.setData({ price: 123456, retail: 200000 });
    expect(textOf(comp, '.price-now')).toBe('¥1234.56');
    expect(textOf(comp, '.price-retail')).toBe('¥2000.00');
    comp.setData({ price: null });
    expect(textOf(comp, '.price-none')).toBe('暂无报价');
    expect(comp.querySelector('.price-retail')).toBeFalsy();
  });
});

describe('item-card', () => {
  const ITEM = {
    id: 12,
    kind: 'ecard',
    name: '598 电子卡（4对装）',
    subtitle: '',
    cover_url: '/files/demo/card.png',
    unit: '张',
    retail_price: 59800,
    price: 58604,
    sales_count: 31,
    is_sold_out: false,
  };

  test('cover through assetUrl, kind tag, name, prices, sales only when asked', () => {
    const comp = render('item-card', { item: ITEM, layout: 'row' });
    expect(comp.instance.data.coverSrc).toBe('http://api.test/files/demo/card.png');
    expect(comp.querySelector('.item-cover')).toBeTruthy();
    expect(textOf(comp, '.item-kind')).toBe('电子卡');
    expect(textOf(comp, '.item-name')).toContain('598 电子卡（4对装）');
    // the price-tag inside (a child component: its text is part of the card's text)
    expect(comp.dom.textContent).toContain('¥586.04¥598.00');
    expect(comp.querySelector('.item-sales')).toBeFalsy();
    expect(comp.querySelector('.item-card-row')).toBeTruthy();
    comp.setData({ showSales: true });
    expect(textOf(comp, '.item-sales')).toBe('已售31');
  });

  test('a sales count the server hides (null) is not shown, even with a stale showSales', () => {
    const comp = render('item-card', { item: Object.assign({}, ITEM, { sales_count: null }), showSales: true });
    expect(comp.querySelector('.item-sales')).toBeFalsy();
    comp.setData({ item: Object.assign({}, ITEM, { sales_count: 0 }) });
    expect(textOf(comp, '.item-sales')).toBe('已售0');
  });

  test('sold out mark; a picture-less item gets the placeholder', () => {
    const comp = render('item-card', { item: Object.assign({}, ITEM, { kind: 'package', cover_url: '', is_sold_out: true }) });
    expect(textOf(comp, '.item-sold-out')).toBe('已售罄');
    expect(comp.querySelector('.item-cover-empty')).toBeTruthy();
    expect(comp.querySelector('.item-kind')).toBeFalsy();
  });

  test('taken off the shelf: greyed out and 已下架 instead of 已售罄', () => {
    const off = render('item-card', { item: Object.assign({}, ITEM, { is_on_sale: false, is_sold_out: true }) });
    expect(textOf(off, '.item-off-shelf')).toBe('已下架');
    expect(off.dom.textContent).not.toContain('已售罄');
    expect(off.querySelector('.item-card-off')).toBeTruthy();
  });

  test('on sale (is_on_sale true): neither greyed out nor marked', () => {
    const onSale = render('item-card', { item: Object.assign({}, ITEM, { is_on_sale: true }) });
    expect(onSale.querySelector('.item-off-shelf')).toBeFalsy();
    expect(onSale.querySelector('.item-card-off')).toBeFalsy();
    expect(onSale.querySelector('.item-sold-out')).toBeFalsy();
  });

  test('tap opens the detail page and fires select; long press fires hold', async () => {
    const comp = render('item-card', { item: ITEM });
    const onSelect = jest.fn();
    const onLongPress = jest.fn();
    comp.addEventListener('select', onSelect);
    comp.addEventListener('hold', onLongPress);
    comp.querySelector('.item-card').dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/catalog/detail/index?id=12' });
    expect(onSelect.mock.calls[0][0].detail).toMatchObject({ id: 12 });
    comp.querySelector('.item-card').dispatchEvent('longpress');
    await simulate.sleep(0);
    expect(onLongPress.mock.calls[0][0].detail).toMatchObject({ id: 12 });
  });

  test('navigate: false leaves the navigation to the list', async () => {
    const comp = render('item-card', { item: ITEM, navigate: false });
    comp.querySelector('.item-card').dispatchEvent('tap');
    await simulate.sleep(0);
    expect(wx.navigateTo).not.toHaveBeenCalled();
  });
});

describe('quantity-stepper', () => {
  test('− / + stay within min…max and fire change with the new value; typing is clamped on blur', async () => {
    const comp = render('quantity-stepper', { value: 2, max: 3 });
    const changes = [];
    comp.addEventListener('change', (e) => changes.push(e.detail.value));
    comp.querySelector('.stepper-plus').dispatchEvent('tap');
    await simulate.sleep(0);
    expect(changes).toEqual([3]);
    comp.setData({ value: 3 });
    expect(comp.instance.data.canPlus).toBe(false);
    comp.querySelector('.stepper-plus').dispatchEvent('tap'); // at max: nothing
    await simulate.sleep(0);
    expect(changes).toEqual([3]);
    comp.instance.onInputDone({ detail: { value: '0' } });
    expect(changes).toEqual([3, 1]);
    comp.setData({ value: 1 });
    comp.querySelector('.stepper-minus').dispatchEvent('tap'); // at min: nothing
    comp.instance.onInputDone({ detail: { value: 'abc' } }); // not a number: the minimum, unchanged → no event
    await simulate.sleep(0);
    expect(changes).toEqual([3, 1]);
  });

  test('disabled: no change at all', async () => {
    const comp = render('quantity-stepper', { value: 2, disabled: true });
    const changes = [];
    comp.addEventListener('change', (e) => changes.push(e.detail.value));
    comp.querySelector('.stepper-plus').dispatchEvent('tap');
    comp.instance.onInputDone({ detail: { value: '5' } });
    await simulate.sleep(0);
    expect(changes).toEqual([]);
    expect(comp.querySelector('.stepper-disabled')).toBeTruthy();
  });
});
