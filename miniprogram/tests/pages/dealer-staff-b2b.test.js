/**
 * The dealer workspace's staff management, accounts and withdrawals, B2B ordering, and the staff workspace home,
 * through the Page → Component shim against the mocked API.
 */
const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage, text } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.useRealTimers();
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  installPageShim(wx);
});

function page(items, total) {
  return { data: { items, total: total === undefined ? items.length : total, page: 1, page_size: 20 } };
}

function lastUrl(fn) {
  const calls = fn.mock.calls;
  return calls.length ? calls[calls.length - 1][0].url : '';
}

function lastToast() {
  const calls = wx.showToast.mock.calls;
  return calls.length ? calls[calls.length - 1][0].title : '';
}

function lastModal() {
  const calls = wx.showModal.mock.calls;
  return calls.length ? calls[calls.length - 1][0].content : '';
}

function staff(extra) {
  return Object.assign(
    { id: 2, dealer_id: 1, name: '小周', phone: '13900000002', commission_rate_bp: 1000, status: 'active', is_operator: false, operator_status: 'none', operator_modules: [], members_count: 3, pending: 500, settleable: 1200, settled: 3000, created_at: '2026-11-03T02:00:00Z' },
    extra,
  );
}

const FLAGSHIP_ME = { dealer: { id: 1, name: '苏州阳澄湖专卖店', tier: 1, kind: 'flagship_store', contact_name: '王店长', phone: '13700001001', province: '江苏省', city: '苏州市', address: '阳澄湖大道1号', discount_rate_bp: 7000 }, network: {}, invite_rules: { tiers: [2, 3] } };
const PARTNER_ME = { dealer: { id: 2, name: '上海城市合伙人', tier: 1, kind: 'city_partner', discount_rate_bp: 7200 }, network: {}, invite_rules: { tiers: [2, 3] } };

describe('员工管理', () => {
  test('list with count and search; tap → detail; 添加员工', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/staff', (call) => (call.query.q ? page([], 0) : page([staff(), staff({ id: 3, name: '小李', operator_status: 'active', is_operator: true })], 2)));
    const list = await mountPage('packageDealer/pages/staff/list/index');
    expect(text(list, '#staff-total')).toBe('共 2 名员工');
    expect(list.instance.data.items[0]).toMatchObject({ name: '小周', phone: '139****0002', rateText: '10%', membersCount: 3, settleableText: '¥12.00', operatorText: '' });
    expect(list.instance.data.items[1].operatorText).toBe('操作员');
    list.instance.onKeywordInput({ detail: { value: '小王' } });
    await list.instance.onSearch();
    expect(wx.__api.callsTo('GET', '/dealer/staff').pop().query.q).toBe('小王');
    expect(text(list, '#staff-total')).toBe('共 0 名员工');
    expect(list.dom.textContent).toContain('没有找到相关员工');
    list.instance.onAdd();
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/staff/edit/index');
    list.instance.onStaffTap({ currentTarget: { dataset: { id: 2 } } });
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/staff/detail/index?id=2');
  });

  test('add: checked on the phone, rate sent in basis points with an idempotency key kept across a network failure', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    let fail = true;
    wx.__api.on('POST /dealer/staff', (call) => {
      if (fail) {
        fail = false;
        return { networkError: 'timeout' };
      }
      return { statusCode: 201, data: staff({ name: call.data.name, commission_rate_bp: call.data.commission_rate_bp }) };
    });
    const edit = await mountPage('packageDealer/pages/staff/edit/index');
    const input = (field, value) => edit.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } });
    input('name', '小周');
    input('phone', '1390000');
    input('rateText', '120');
    expect(await edit.instance.onSave()).toBeNull();
    expect(edit.instance.data.errors).toEqual({ phone: '请输入正确的11位手机号', code: '请输入验证码', rate: '提成比例不能超过100%' });
    input('phone', '13900000002');
    input('rateText', '12.5');
    input('code', '123456');
    expect(await edit.instance.onSave()).toBeNull(); // network failure
    await edit.instance.onSave();
    const posts = wx.__api.callsTo('POST', '/dealer/staff');
    expect(posts).toHaveLength(2);
    expect(posts[1].data).toEqual({ name: '小周', phone: '13900000002', commission_rate_bp: 1250, code: '123456' });
    expect(posts[1].header['Idempotency-Key']).toBe(posts[0].header['Idempotency-Key']);
  });

  test('add: the code goes to the phone first; a wrong code and an unavailable phone are shown as the server says', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('POST /dealer/staff/phone-codes', { statusCode: 201, data: { expires_in: 300, resend_after: 60 } });
    const edit = await mountPage('packageDealer/pages/staff/edit/index');
    expect(edit.querySelector('#code-input')).toBeTruthy();
    expect(edit.dom.textContent).toContain('对方同意加入后请其告知验证码');
    const input = (field, value) => edit.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } });
    input('phone', '1390');
    expect(await edit.instance.onSendCode()).toBe(false);
    expect(edit.instance.data.errors.phone).toBe('请输入正确的11位手机号');
    expect(wx.__api.callsTo('POST', '/dealer/staff/phone-codes')).toHaveLength(0);
    input('phone', '13900000002');
    jest.useFakeTimers();
    expect(await edit.instance.onSendCode()).toBe(true);
    expect(wx.__api.callsTo('POST', '/dealer/staff/phone-codes')[0].data).toEqual({ phone: '13900000002' });
    expect(edit.instance.data.countdown).toBe(60);
    expect(text(edit, '#send-staff-code')).toBe('60s后重发');
    expect(await edit.instance.onSendCode()).toBe(false); // no second code while counting down
    jest.advanceTimersByTime(60000);
    expect(edit.instance.data.countdown).toBe(0);
    jest.useRealTimers();

    input('name', '小周');
    input('rateText', '10');
    input('code', '12345');
    expect(await edit.instance.onSave()).toBeNull();
    expect(edit.instance.data.errors).toEqual({ code: '验证码为6位数字' });
    input('code', '654321');
    wx.__api.on('POST /dealer/staff', { statusCode: 400, data: errorBody(400, 'SMS_CODE_WRONG', '验证码错误，还可尝试 4 次') });
    expect(await edit.instance.onSave()).toBeNull();
    expect(edit.instance.data.errors.code).toBe('验证码错误，还可尝试 4 次');
    expect(text(edit, '#code-error')).toBe('验证码错误，还可尝试 4 次');
    wx.__api.on('POST /dealer/staff', { statusCode: 409, data: errorBody(409, 'STAFF_PHONE_UNAVAILABLE', '该手机号暂不能添加为员工') });
    expect(await edit.instance.onSave()).toBeNull();
    expect(lastToast()).toBe('该手机号暂不能添加为员工');
    expect(wx.__api.callsTo('POST', '/dealer/staff').pop().data.code).toBe('654321');
  });

  test('edit: loads the staff member and PUTs name and rate (no phone)', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/staff/2', { data: staff() });
    wx.__api.on('PUT /dealer/staff/2', (call) => ({ data: staff(call.data) }));
    const edit = await mountPage('packageDealer/pages/staff/edit/index', { id: '2' });
    expect(edit.instance.data.form).toEqual({ name: '小周', phone: '13900000002', rateText: '10' });
    expect(edit.querySelector('#phone-input')).toBeFalsy();
    expect(edit.querySelector('#code-input')).toBeFalsy();
    edit.instance.onInput({ currentTarget: { dataset: { field: 'rateText' } }, detail: { value: '15' } });
    await edit.instance.onSave();
    expect(wx.__api.callsTo('PUT', '/dealer/staff/2')[0].data).toEqual({ name: '小周', commission_rate_bp: 1500 });
  });

  test('detail: balances, delete refused while unsettled, delete after confirm', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:2' });
    wx.__api.on('GET /dealer/staff/2', { data: staff() });
    wx.__api.on('GET /dealer/me', { data: PARTNER_ME });
    wx.__api.on('DELETE /dealer/staff/2', { statusCode: 409, data: errorBody(409, 'STAFF_HAS_UNSETTLED', '该员工还有未结算的提成，不能删除') });
    const d = await mountPage('packageDealer/pages/staff/detail/index', { id: '2' });
    expect(text(d, '#staff-rate')).toBe('10%');
    expect(text(d, '#staff-members')).toBe('3 人');
    expect(text(d, '#staff-pending')).toBe('¥5.00');
    expect(text(d, '#staff-settleable')).toBe('¥12.00');
    expect(text(d, '#staff-settled')).toBe('¥30.00');
    expect(d.querySelector('#operator-card')).toBeFalsy(); // a city partner has no operators
    wx.__modalConfirm = true;
    expect(await d.instance.onDelete()).toBe(false);
    expect(lastToast()).toBe('该员工还有未结算的提成，不能删除');
    wx.__api.on('DELETE /dealer/staff/2', { statusCode: 204, data: '' });
    expect(await d.instance.onDelete()).toBe(true);
    d.instance.go({ currentTarget: { dataset: { to: 'settlements' } } });
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/settlements/index?scope=dealer&staff_id=2');
    d.instance.go({ currentTarget: { dataset: { to: 'settle' } } });
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/staff/settle/index?id=2');
    d.instance.go({ currentTarget: { dataset: { to: 'members' } } });
    expect(lastUrl(wx.navigateTo)).toBe(`/packageDealer/pages/members/index?scope=dealer&staff_id=2&title=${encodeURIComponent('小周的会员')}`);
  });

  test('settle: amount ≤ settleable, confirm, idempotent POST', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/staff/2', { data: staff() });
    wx.__api.on('POST /dealer/staff/2/settlements', (call) => ({ statusCode: 201, data: { id: 1, staff_id: 2, staff_name: '小周', amount: call.data.amount, note: call.data.note, created_at: '2026-11-22T02:00:00Z' } }));
    const s = await mountPage('packageDealer/pages/staff/settle/index', { id: '2' });
    expect(text(s, '#settleable')).toBe('¥12.00');
    s.instance.onAmountInput({ detail: { value: '12.01' } });
    expect(await s.instance.onSubmit()).toBeNull();
    expect(text(s, '#amount-error')).toBe('结算金额不能超过可结算金额¥12.00');
    s.instance.onFillAll();
    expect(s.instance.data.form.amountText).toBe('12.00');
    s.instance.onNoteInput({ detail: { value: '11月提成' } });
    wx.__modalConfirm = true;
    await s.instance.onSubmit();
    expect(lastModal()).toBe('确认已线下向「小周」支付 ¥12.00？');
    const post = wx.__api.callsTo('POST', '/dealer/staff/2/settlements')[0];
    expect(post.data).toEqual({ amount: 1200, note: '11月提成' });
    expect(post.header['Idempotency-Key']).toBeTruthy();
  });

  test('flagship store: make an operator with modules, then close it', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    let current = staff();
    wx.__api.on('GET /dealer/staff/2', () => ({ data: current }));
    wx.__api.on('GET /dealer/me', { data: FLAGSHIP_ME });
    wx.__api.on('PUT /dealer/staff/2/operator', (call) => {
      current = staff({ is_operator: true, operator_status: 'active', operator_modules: call.data.modules });
      return { data: current };
    });
    wx.__api.on('DELETE /dealer/staff/2/operator', () => {
      current = staff({ is_operator: true, operator_status: 'closed', operator_modules: current.operator_modules });
      return { data: current };
    });
    const d = await mountPage('packageDealer/pages/staff/detail/index', { id: '2' });
    expect(text(d, '#operator-status')).toBe('非操作员');
    expect(text(d, '#operator-edit')).toBe('设为操作员');

    const op = await mountPage('packageDealer/pages/staff/operator/index', { id: '2' });
    expect(op.instance.data.options.every((o) => !o.checked)).toBe(true);
    expect(await op.instance.onSave()).toBeNull();
    expect(lastToast()).toBe('请至少选择一个模块');
    op.instance.onModulesChange({ detail: { value: ['settlement', 'b2b_orders'] } });
    await op.instance.onSave();
    expect(wx.__api.callsTo('PUT', '/dealer/staff/2/operator')[0].data).toEqual({ modules: ['b2b_orders', 'settlement'] });

    await d.instance.load(true);
    expect(text(d, '#operator-status')).toBe('操作员');
    expect(text(d, '#operator-modules')).toBe('B2B订货、结算账户');
    wx.__modalConfirm = true;
    expect(await d.instance.onCloseOperator()).toBe(true);
    expect(text(d, '#operator-status')).toBe('操作员已关闭');
    expect(d.querySelector('#operator-close')).toBeFalsy();
  });

  test('settlement records and the operation log', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/staff-settlements', page([{ id: 1, staff_id: 2, staff_name: '小周', amount: 1200, note: '11月提成', created_at: '2026-11-22T02:00:00Z' }]));
    const s = await mountPage('packageDealer/pages/settlements/index', { scope: 'dealer', staff_id: '2' });
    expect(wx.__api.callsTo('GET', '/dealer/staff-settlements')[0].query).toMatchObject({ staff_id: '2' });
    expect(s.dom.textContent).toContain('¥12.00');
    expect(s.dom.textContent).toContain('11月提成');

    wx.__api.on('GET /dealer/operation-logs', page([{ id: 1, actor_name: '小李', actor_role: 'operator', action: 'b2b.pay', summary: '储值支付订货单 B2026…', created_at: '2026-11-22T02:00:00Z' }]));
    const log = await mountPage('packageDealer/pages/oplog/index');
    expect(log.dom.textContent).toContain('储值支付订货单');
    expect(log.dom.textContent).toContain('小李（操作员）');
  });
});

describe('资金账户与提现', () => {
  const ACCOUNTS = { dealer_id: 1, tier1_id: 1, stored_value: 5000000, credit_limit: 2000000, credit_used: 300000, credit_available: 1700000, pending: 1000, withdrawable: 20000, withdrawing: 0, withdrawn: 5000 };

  test('a tier-1: stored value, credit and earnings; each opens its entries', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/accounts', { data: ACCOUNTS });
    const a = await mountPage('packageDealer/pages/accounts/index');
    expect(text(a, '#stored-value')).toBe('¥50000.00');
    expect(text(a, '#credit-available')).toBe('¥17000.00');
    expect(text(a, '#credit-limit')).toBe('¥20000.00');
    expect(text(a, '#credit-used')).toBe('¥3000.00');
    expect(text(a, '#earnings-total')).toBe('¥260.00');
    expect(text(a, '#earnings-withdrawable .stat-value')).toBe('¥200.00');
    expect(a.querySelector('#withdraw-button')).toBeTruthy();
    a.instance.onEntriesTap({ currentTarget: { dataset: { account: 'credit' } } });
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/entries/index?scope=dealer&account=credit');
  });

  test('a tier-2 has no stored value or credit; an operator reads without 申请提现', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:3' });
    wx.__api.on('GET /dealer/accounts', { data: { dealer_id: 3, tier1_id: 1, pending: 0, withdrawable: 0, withdrawing: 0, withdrawn: 0 } });
    const a = await mountPage('packageDealer/pages/accounts/index');
    expect(a.querySelector('#stored-value-card')).toBeFalsy();
    expect(a.querySelector('#withdraw-button')).toBeTruthy();

    seedSession(wx, { 'session.workspace': 'staff:5' });
    wx.__api.on('GET /dealer/accounts', { data: ACCOUNTS });
    const op = await mountPage('packageDealer/pages/accounts/index');
    expect(op.querySelector('#stored-value-card')).toBeTruthy();
    expect(op.querySelector('#withdraw-button')).toBeFalsy();
    expect(op.querySelector('#withdrawals-button')).toBeTruthy();
  });

  test('entries: tabs of the sibling accounts, signed amounts, balance, reconciliation', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/entries', (call) =>
      page(call.query.account === 'credit'
        ? [{ id: 2, amount: 300000, balance_after: 300000, limit_after: 2000000, kind: 'credit_use', note: '卡激活', settled: false, created_at: '2026-11-20T02:00:00Z' }]
        : [{ id: 1, amount: 5000000, balance_after: 5000000, limit_after: null, kind: 'top_up', note: '演示充值', settled: true, created_at: '2026-11-19T02:00:00Z' },
          { id: 3, amount: -10000, balance_after: 4990000, kind: 'b2b_order', note: '', settled: false, created_at: '2026-11-21T02:00:00Z' }]));
    const e = await mountPage('packageDealer/pages/entries/index', { scope: 'dealer', account: 'stored_value' });
    expect(e.instance.data.tabs.map((t) => t.title)).toEqual(['储值', '额度']);
    expect(e.instance.data.items.map((i) => [i.kindName, i.amountText, i.settledText])).toEqual([['储值充值', '+50000.00', '已对账'], ['B2B订货', '-100.00', '未对账']]);
    await e.instance.onTabTap({ currentTarget: { dataset: { key: 'credit' } } });
    expect(wx.__api.callsTo('GET', '/dealer/entries').pop().query.account).toBe('credit');
    expect(e.instance.data.items[0]).toMatchObject({ kindName: '额度使用', limitText: '¥20000.00', balanceText: '¥3000.00' });

    const earn = await mountPage('packageDealer/pages/entries/index', { scope: 'dealer', account: 'earnings_pending' });
    expect(earn.instance.data.tabs.map((t) => t.key)).toEqual(['earnings_pending', 'earnings_withdrawable', 'earnings_withdrawing', 'earnings_withdrawn']);
  });

  test('withdraw: amount ≤ withdrawable, bank card checked, idempotent POST, then the list', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/accounts', { data: ACCOUNTS });
    wx.__api.on('POST /dealer/withdrawals', (call) => ({ statusCode: 201, data: Object.assign({ id: 1, status: 'requested' }, call.data) }));
    const w = await mountPage('packageDealer/pages/withdraw/apply/index');
    expect(text(w, '#withdrawable')).toBe('¥200.00');
    const input = (field, value) => w.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } });
    input('amountText', '200.01');
    input('bank_holder', '王店长');
    input('bank_name', '中国银行苏州分行');
    input('bank_account', '6222');
    expect(await w.instance.onSubmit()).toBeNull();
    expect(text(w, '#amount-error')).toBe('提现金额不能超过可提现金额¥200.00');
    expect(text(w, '#account-error')).toBe('请输入正确的银行卡号');
    expect(wx.__api.callsTo('POST', '/dealer/withdrawals')).toHaveLength(0);
    w.instance.onFillAll();
    input('bank_account', '6222000011112222');
    input('invoice_no', 'FP2026001');
    jest.useFakeTimers();
    await w.instance.onSubmit();
    jest.runAllTimers();
    jest.useRealTimers();
    const post = wx.__api.callsTo('POST', '/dealer/withdrawals')[0];
    expect(post.data).toEqual({ amount: 20000, bank_holder: '王店长', bank_name: '中国银行苏州分行', bank_account: '6222000011112222', invoice_no: 'FP2026001' });
    expect(post.header['Idempotency-Key']).toBeTruthy();
    expect(lastUrl(wx.redirectTo)).toBe('/packageDealer/pages/withdraw/list/index');

    wx.__api.on('GET /dealer/withdrawals', page([
      { id: 2, amount: 20000, status: 'requested', bank_holder: '王店长', bank_name: '中国银行', bank_account: '****2222', invoice_no: 'FP2026001', payment_reference: '', reject_reason: '', decided_at: null, created_at: '2026-11-22T02:00:00Z' },
      { id: 1, amount: 5000, status: 'rejected', bank_holder: '王店长', bank_name: '中国银行', bank_account: '****2222', invoice_no: '', payment_reference: '', reject_reason: '发票抬头不符', decided_at: '2026-11-21T02:00:00Z', created_at: '2026-11-20T02:00:00Z' },
    ]));
    const list = await mountPage('packageDealer/pages/withdraw/list/index');
    expect(list.instance.data.items.map((i) => i.statusName)).toEqual(['待打款', '已驳回']);
    expect(list.dom.textContent).toContain('驳回原因：发票抬头不符');
    expect(list.dom.textContent).toContain('中国银行 ****2222');
  });
});

describe('B2B订货', () => {
  const ITEM = { id: 10, kind: 'package', name: '公4.0两 母3.0两 3对装', cover_url: '/files/demo/package-3.png', unit_price: 27860, retail_price: 39800, stock: 50, specs: '3对' };

  function cart(quantity) {
    const lines = quantity ? [{ id: 1, item_id: 10, name: ITEM.name, cover_url: ITEM.cover_url, unit_price: 27860, quantity, line_total: 27860 * quantity, stock: 50 }] : [];
    return { lines, total: 27860 * (quantity || 0) };
  }

  function order(extra) {
    return Object.assign(
      { id: 5, order_no: 'B202611220001', dealer_id: 1, dealer_name: '苏州阳澄湖专卖店', status: 'pending_payment', status_name: '待付款', goods_amount: 55720, pay_method: null, transfer_reference: '', receiver_name: '王店长', receiver_phone: '13700001001', province: '江苏省', city: '苏州市', district: '相城区', address_detail: '阳澄湖大道1号', remark: '', paid_at: null, cancel_reason: '', created_at: '2026-11-22T02:00:00Z', lines: [{ id: 1, item_id: 10, name: ITEM.name, cover_url: ITEM.cover_url, unit_price: 27860, quantity: 2, line_total: 55720 }], events: [{ id: 1, action: 'create', note: '', created_at: '2026-11-22T02:00:00Z' }], allowed_actions: ['cancel', 'pay', 'report_transfer'] },
      extra,
    );
  }

  test('items at my price, search, add to the cart; the bar shows the cart', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    let quantity = 0;
    wx.__api.on('GET /dealer/b2b/items', (call) => page(call.query.q ? [] : [ITEM, Object.assign({}, ITEM, { id: 11, stock: 0, name: '售罄款' })]));
    wx.__api.on('GET /dealer/b2b/cart', () => ({ data: cart(quantity) }));
    wx.__api.on('POST /dealer/b2b/cart', (call) => {
      quantity += call.data.quantity;
      return { data: cart(quantity) };
    });
    const p = await mountPage('packageDealer/pages/b2b/items/index');
    expect(p.instance.data.items.map((i) => [i.name, i.soldOut])).toEqual([[ITEM.name, false], ['售罄款', true]]);
    expect(text(p, '#b2b-item-10 .price-tag') || p.dom.textContent).toContain('278.60');
    expect(text(p, '#add-11')).toBe('无库存');
    expect(text(p, '#cart-count')).toBe('0');
    await p.instance.onAdd({ currentTarget: { dataset: { id: 10 } } });
    await p.instance.onAdd({ currentTarget: { dataset: { id: 10 } } });
    expect(wx.__api.callsTo('POST', '/dealer/b2b/cart').map((c) => c.data)).toEqual([{ item_id: 10, quantity: 1 }, { item_id: 10, quantity: 1 }]);
    expect(text(p, '#cart-count')).toBe('2');
    expect(text(p, '#cart-total')).toBe('¥557.20');
    p.instance.onKeywordInput({ detail: { value: '礼盒' } });
    await p.instance.onSearch();
    expect(wx.__api.callsTo('GET', '/dealer/b2b/items').pop().query.q).toBe('礼盒');
    expect(p.dom.textContent).toContain('暂无可订商品');
  });

  test('cart: change quantity, remove, checkout with the form prefilled → the order', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    let quantity = 2;
    wx.__api.on('GET /dealer/b2b/cart', () => ({ data: cart(quantity) }));
    wx.__api.on('PUT /dealer/b2b/cart/1', (call) => {
      quantity = call.data.quantity;
      return { data: cart(quantity) };
    });
    const c = await mountPage('packageDealer/pages/b2b/cart/index');
    expect(text(c, '#cart-total')).toBe('¥557.20');
    await c.instance.onQuantityChange({ currentTarget: { dataset: { id: 1 } }, detail: { value: 3 } });
    expect(wx.__api.callsTo('PUT', '/dealer/b2b/cart/1')[0].data).toEqual({ quantity: 3 });
    expect(text(c, '#cart-total')).toBe('¥835.80');
    c.instance.onCheckout();
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/b2b/checkout/index');

    wx.__api.on('GET /dealer/me', { data: FLAGSHIP_ME });
    wx.__api.on('POST /dealer/b2b/orders', (call) => ({ statusCode: 201, data: order(Object.assign({}, call.data)) }));
    const k = await mountPage('packageDealer/pages/b2b/checkout/index');
    expect(k.instance.data.form).toMatchObject({ receiver_name: '王店长', receiver_phone: '13700001001', province: '江苏省', city: '苏州市', district: '', address_detail: '阳澄湖大道1号' });
    await k.instance.onSubmit();
    expect(k.instance.data.errors).toEqual({ region: '请选择所在地区' });
    k.instance.onRegionChange({ detail: { value: ['江苏省', '苏州市', '相城区'] } });
    k.instance.onInput({ currentTarget: { dataset: { field: 'remark' } }, detail: { value: '上午送' } });
    await k.instance.onSubmit();
    const post = wx.__api.callsTo('POST', '/dealer/b2b/orders')[0];
    expect(post.data).toEqual({ from_cart: true, receiver_name: '王店长', receiver_phone: '13700001001', province: '江苏省', city: '苏州市', district: '相城区', address_detail: '阳澄湖大道1号', remark: '上午送' });
    expect(post.header['Idempotency-Key']).toBeTruthy();
    expect(lastUrl(wx.redirectTo)).toBe('/packageDealer/pages/b2b/detail/index?id=5');

    wx.__modalConfirm = true;
    wx.__api.on('DELETE /dealer/b2b/cart/1', () => {
      quantity = 0;
      return { data: cart(0) };
    });
    await c.instance.onRemove({ currentTarget: { dataset: { id: 1 } } });
    expect(c.querySelector('#cart-empty')).toBeTruthy();
  });

  test('orders: status tabs filter by status', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/b2b/orders', (call) => page(call.query.status === 'cancelled' ? [] : [order()]));
    const o = await mountPage('packageDealer/pages/b2b/orders/index', { status: 'bogus' });
    expect(o.instance.data.currentTab).toBe('');
    expect(wx.__api.callsTo('GET', '/dealer/b2b/orders')[0].query.status).toBeUndefined();
    expect(o.instance.data.items[0]).toMatchObject({ statusName: '待付款', amountText: '¥557.20' });
    await o.instance.onTabTap({ currentTarget: { dataset: { key: 'cancelled' } } });
    expect(wx.__api.callsTo('GET', '/dealer/b2b/orders').pop().query.status).toBe('cancelled');
    expect(o.dom.textContent).toContain('暂无订货单');
    expect(text(o, '#tab-pending_confirmation')).toBe('待确认收款');
  });

  test('detail: pay by stored value after a confirm showing the balance; short funds are refused before paying', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    let current = order();
    wx.__api.on('GET /dealer/b2b/orders/5', () => ({ data: current }));
    wx.__api.on('GET /dealer/accounts', { data: { stored_value: 50000 } });
    const d = await mountPage('packageDealer/pages/b2b/detail/index', { id: '5' });
    expect(text(d, '#order-status')).toBe('待付款');
    expect(d.instance.data.order.actions.map((a) => a.title)).toEqual(['取消订单', '已线下转账', '储值支付']);
    expect(d.instance.data.order.timeline.map((e) => e.title)).toEqual(['下单']);
    wx.__modalConfirm = true;
    expect(await d.instance.onActionTap({ currentTarget: { dataset: { action: 'pay' } } })).toBeNull();
    expect(lastModal()).toContain('储值余额 ¥500.00');
    expect(lastModal()).toContain('储值余额不足');
    expect(wx.__api.callsTo('POST', '/dealer/b2b/orders/5/pay')).toHaveLength(0);

    wx.__api.on('GET /dealer/accounts', { data: { stored_value: 5000000 } });
    wx.__api.on('POST /dealer/b2b/orders/5/pay', () => {
      current = order({ status: 'pending_shipment', status_name: '待发货', pay_method: 'stored_value', paid_at: '2026-11-22T03:00:00Z', allowed_actions: [], events: current.events.concat([{ id: 2, action: 'pay', action_name: '储值支付', created_at: '2026-11-22T03:00:00Z' }]) });
      return { data: current };
    });
    await d.instance.onActionTap({ currentTarget: { dataset: { action: 'pay' } } });
    expect(lastModal()).toBe('订单金额 ¥557.20\n储值余额 ¥50000.00\n确认使用储值支付？');
    expect(wx.__api.callsTo('POST', '/dealer/b2b/orders/5/pay')[0].header['Idempotency-Key']).toBeTruthy();
    expect(text(d, '#order-status')).toBe('待发货');
    expect(text(d, '#pay-method')).toBe('储值支付');
    expect(d.instance.data.order.timeline.map((e) => e.title)).toEqual(['储值支付', '下单']);
    expect(d.querySelector('#action-pay')).toBeFalsy();
  });

  test('detail: INSUFFICIENT_FUNDS from the server; offline transfer; cancel with a reason', async () => {
    seedSession(wx, { 'session.workspace': 'staff:5' });
    let current = order();
    wx.__api.on('GET /dealer/b2b/orders/5', () => ({ data: current }));
    wx.__api.on('GET /dealer/accounts', { statusCode: 403, data: errorBody(403, 'OPERATOR_MODULE_DENIED', '没有该模块的权限') });
    wx.__api.on('POST /dealer/b2b/orders/5/pay', { statusCode: 409, data: errorBody(409, 'INSUFFICIENT_FUNDS', '储值余额不足，还差 ¥57.20') });
    const d = await mountPage('packageDealer/pages/b2b/detail/index', { id: '5' });
    wx.__modalConfirm = true;
    await d.instance.onActionTap({ currentTarget: { dataset: { action: 'pay' } } });
    expect(lastModal()).toBe('订单金额 ¥557.20\n确认使用储值支付？'); // an operator without settlement: no balance shown
    expect(lastToast()).toBe('储值余额不足，还差 ¥57.20');

    await d.instance.onActionTap({ currentTarget: { dataset: { action: 'report_transfer' } } });
    expect(d.querySelector('#transfer-form')).toBeTruthy();
    expect(await d.instance.onTransferSubmit()).toBeNull();
    expect(text(d, '#transfer-error')).toBe('请输入转账流水号');
    wx.__api.on('POST /dealer/b2b/orders/5/transfer', (call) => {
      current = order({ status: 'pending_confirmation', status_name: '待确认收款', pay_method: 'offline_transfer', transfer_reference: call.data.reference, allowed_actions: [] });
      return { data: current };
    });
    d.instance.onTransferInput({ currentTarget: { dataset: { field: 'reference' } }, detail: { value: ' HX20261122001 ' } });
    d.instance.onTransferInput({ currentTarget: { dataset: { field: 'note' } }, detail: { value: '对公账户' } });
    await d.instance.onTransferSubmit();
    expect(wx.__api.callsTo('POST', '/dealer/b2b/orders/5/transfer')[0].data).toEqual({ reference: 'HX20261122001', note: '对公账户' });
    expect(text(d, '#order-status')).toBe('待确认收款');
    expect(text(d, '#transfer-reference')).toBe('HX20261122001');
    expect(d.querySelector('#transfer-form')).toBeFalsy();

    current = order();
    await d.instance.load(true);
    wx.__api.on('POST /dealer/b2b/orders/5/cancel', (call) => {
      current = order({ status: 'cancelled', status_name: '已取消', cancel_reason: call.data.reason, allowed_actions: [] });
      return { data: current };
    });
    wx.__actionSheetIndex = -1;
    expect(await d.instance.onActionTap({ currentTarget: { dataset: { action: 'cancel' } } })).toBeNull();
    expect(wx.__api.callsTo('POST', '/dealer/b2b/orders/5/cancel')).toHaveLength(0);
    wx.__actionSheetIndex = 2;
    await d.instance.onActionTap({ currentTarget: { dataset: { action: 'cancel' } } });
    expect(wx.__api.callsTo('POST', '/dealer/b2b/orders/5/cancel')[0].data).toEqual({ reason: '重新下单' });
    expect(text(d, '#order-status')).toBe('已取消');
    expect(d.dom.textContent).toContain('取消原因：重新下单');
  });
});

describe('员工工作台', () => {
  const STAFF_ME = { staff: staff({ id: 5, name: '小李' }), dealer: { id: 1, name: '苏州阳澄湖专卖店', tier: 1, kind: 'flagship_store', phone: '13700001001', contact_name: '王店长' } };

  test('my info, dealer, earnings and entries; no operator modules for a plain staff member', async () => {
    seedSession(wx, { 'session.workspace': 'staff:5' });
    wx.__api.on('GET /staff/me', { data: STAFF_ME });
    wx.__api.on('GET /staff/earnings', { data: { total: 4700, pending: 500, settleable: 1200, settled: 3000 } });
    const h = await mountPage('packageDealer/pages/staff-home/index');
    expect(text(h, '#staff-name')).toBe('小李');
    expect(text(h, '#staff-rate')).toBe('10%');
    expect(text(h, '#dealer-name')).toBe('苏州阳澄湖专卖店');
    expect(text(h, '#earnings-total')).toBe('¥47.00');
    expect(text(h, '#earnings-settleable .stat-value')).toBe('¥12.00');
    expect(h.querySelector('#modules')).toBeFalsy();
    expect(h.instance.data.entries.map((e) => e.key)).toEqual(['members', 'invite', 'entries', 'settlements', 'password']);
    h.instance.onEarningsTap({ currentTarget: { dataset: { account: 'staff_pending' } } });
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/entries/index?scope=staff&account=staff_pending');
    h.instance.onEntryTap({ currentTarget: { dataset: { url: h.instance.data.entries[1].url } } });
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/invite-member/index');
  });

  test('邀请会员 from the staff workspace: the level list and the member invite of the chosen level', async () => {
    seedSession(wx, { 'session.workspace': 'staff:5' });
    wx.__api.on('GET /dealer/member-levels', { data: [{ id: 1, name: '普通会员', discount_rate_bp: 10000, is_default: true }, { id: 4, name: '钻石会员', discount_rate_bp: 9000, is_default: false }] });
    wx.__api.on('POST /dealer/member-invites', (call) => ({ data: { token: `sINV${call.data.member_level_id}`, scene: 'inv=x', member_level_name: call.data.member_level_id === 4 ? '钻石会员' : '普通会员', accepted_count: 1 } }));
    wx.__api.on('GET /invites/:token/qrcode', { data: 'PNG' });
    const p = await mountPage('packageDealer/pages/invite-member/index');
    expect(text(p, '#level-value')).toBe('普通会员');
    await p.instance.onLevelChange({ detail: { value: '1' } });
    expect(wx.__api.callsTo('POST', '/dealer/member-invites').map((c) => c.data)).toEqual([{ member_level_id: 1 }, { member_level_id: 4 }]);
    expect(text(p, '#level-rate')).toBe('90%（9折）');
    expect(text(p, '#invite-info')).toBe('赠送等级：钻石会员 · 已邀请 1 人');
    expect(wx.__api.callsTo('POST', '/invites')).toHaveLength(0);
  });

  test('an operator sees the modules granted; modules without pages say so', async () => {
    seedSession(wx, { 'session.workspace': 'staff:5' });
    wx.__api.on('GET /staff/me', { data: Object.assign({}, STAFF_ME, { staff: staff({ id: 5, name: '小李', is_operator: true, operator_status: 'active', operator_modules: ['cards', 'b2b_orders'] }) }) });
    wx.__api.on('GET /staff/earnings', { data: { total: 0, pending: 0, settleable: 0, settled: 0 } });
    const h = await mountPage('packageDealer/pages/staff-home/index');
    expect(text(h, '#operator-tag')).toBe('操作员');
    expect(h.instance.data.modules.map((m) => m.label)).toEqual(['B2B订货', '卡券']);
    h.instance.onModuleTap({ currentTarget: { dataset: { url: '/packageDealer/pages/b2b/items/index', ready: true } } });
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/b2b/items/index');
    const before = wx.navigateTo.mock.calls.length;
    h.instance.onModuleTap({ currentTarget: { dataset: { url: '', ready: false } } });
    expect(wx.navigateTo.mock.calls.length).toBe(before);
    expect(lastToast()).toBe('该模块即将上线');
  });

  test('my members, commission entries and settlements go to the staff endpoints', async () => {
    seedSession(wx, { 'session.workspace': 'staff:5' });
    wx.__api.on('GET /staff/members', page([{ id: 5, nickname: '蟹友甲', phone: '138****0001', member_level_name: '', staff_id: 5, staff_name: '小李', created_at: '2026-11-02T02:00:00Z' }]));
    const m = await mountPage('packageDealer/pages/members/index', { scope: 'staff' });
    expect(m.instance.data.items).toHaveLength(1);
    wx.__api.on('GET /staff/entries', page([{ id: 1, amount: 1200, balance_after: 1200, kind: 'commission', note: '订单 P2026…', created_at: '2026-11-20T02:00:00Z' }]));
    const e = await mountPage('packageDealer/pages/entries/index', { scope: 'staff', account: 'staff_settleable' });
    expect(wx.__api.callsTo('GET', '/staff/entries')[0].query.account).toBe('staff_settleable');
    expect(e.instance.data.tabs.map((t) => t.title)).toEqual(['未入账', '待结算', '已结算']);
    expect(e.instance.data.items[0]).toMatchObject({ kindName: '员工提成', amountText: '+12.00', settledText: '' });
    wx.__api.on('GET /staff/settlements', page([{ id: 1, staff_id: 5, staff_name: '小李', amount: 3000, note: '10月', created_at: '2026-11-01T02:00:00Z' }]));
    const s = await mountPage('packageDealer/pages/settlements/index', { scope: 'staff' });
    expect(s.dom.textContent).toContain('提成结算');
    expect(s.dom.textContent).toContain('¥30.00');
  });
});
