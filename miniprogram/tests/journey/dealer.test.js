/**
 * Dealer and staff workspace journeys against the real backend (demo data: the dealer tree 苏州阳澄湖专卖店 (flagship,
 * tier-1, 13700001001) → 昆山经销商 (tier-2, 13700001002) → 湖畔蟹庄餐厅 (tier-3, 13700001003), 上海城市合伙人
 * (13700001004), the store's operator 王店员 (13700002001), password Dealer@123):
 * - 13700001001: password login → 我的 → switch to the dealer workspace → 工作台 → 我的网络 → invite a tier-2 (QR PNG) →
 *   a new member applies through that invite (SMS login, 入驻申请) → the store revokes the invite → 邀请会员 with a
 *   chosen member level → staff: add, make operator, close, delete; settle 王店员's commission → accounts → B2B:
 *   cart → checkout → pay by stored value; a second order → offline transfer; the seeded order → cancel.
 * - 13700001002: withdrawal request within the withdrawable amount → 提现记录.
 * - 13700002001: staff workspace → earnings and the operator's modules → 邀请会员 (a chosen level) → the store's
 *   accounts, read only.
 */
const { createHttpWx, api } = require('../helpers/http-wx');
const { installPageShim, mountPage } = require('../helpers/page-shim');
const { waitFor, failedCalls } = require('../helpers/journey');

jest.setTimeout(120000);

const BASE = process.env.JOURNEY_API_BASE;
const describeJourney = BASE ? describe : describe.skip;
const PASSWORD = 'Dealer@123';

function lastUrl(mockFn) {
  const calls = mockFn.mock.calls;
  return calls.length ? calls[calls.length - 1][0].url : '';
}

function text(comp, selector) {
  const node = comp.querySelector(selector);
  return node ? node.dom.textContent.trim() : null;
}

function randomPhone() {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

const idle = (page, key) => waitFor(() => page.instance.data[key || 'status'] !== 'loading', `${page.instance.route || 'the page'} to load`);
const listed = (page) => waitFor(() => page.instance.data.listStatus !== 'loading', 'the list');

describeJourney('dealer and staff workspaces (real backend)', () => {
  let wx;

  beforeEach(() => {
    jest.resetModules();
    wx = createHttpWx({ envVersion: 'develop' });
    wx.__storage.set('dev.apiBaseUrl', BASE);
    installPageShim(wx);
  });

  async function passwordLogin(phone) {
    const login = await mountPage('pages/auth/login/index');
    login.instance.switchMode({ currentTarget: { dataset: { mode: 'password' } } });
    login.instance.toggleAgree();
    login.instance.onPhoneInput({ detail: { value: phone } });
    login.instance.onPasswordInput({ detail: { value: PASSWORD } });
    await login.instance.onPasswordLogin();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__storage.get('session.accessToken')).toBeTruthy();
  }

  /** 我的 → 切换身份 → the workspace whose id starts with `prefix`; answers the page opened (its url). */
  async function switchTo(prefix) {
    const center = await mountPage('pages/user/center/index');
    await waitFor(() => center.instance.data.workspaces.length > 1, 'the workspaces on 我的');
    const index = center.instance.data.workspaces.findIndex((w) => w.workspace.indexOf(prefix) === 0);
    expect(index).toBeGreaterThan(0);
    wx.__actionSheetIndex = index;
    await center.instance.onSwitchWorkspace();
    expect(failedCalls(wx)).toEqual([]);
    expect(wx.__storage.get('session.workspace').indexOf(prefix)).toBe(0);
    return lastUrl(wx.navigateTo);
  }

  async function smsLogin(phone) {
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
  }

  test('flagship store: 工作台 → 网络 → invite a tier-2 (a member applies) → staff → settlement → accounts → B2B', async () => {
    await passwordLogin('13700001001');
    expect(await switchTo('dealer:')).toBe('/packageDealer/pages/home/index');
    const token = wx.__storage.get('session.accessToken');

    // 工作台
    const home = await mountPage('packageDealer/pages/home/index');
    await idle(home);
    expect(failedCalls(wx)).toEqual([]);
    expect(text(home, '#dealer-name')).toBe('苏州阳澄湖专卖店');
    expect(text(home, '#dealer-title')).toBe('一级渠道商 · 专卖店');
    expect(text(home, '#dealer-rate')).toBe('70%（7折）');
    expect(text(home, '#parent-name')).toBe('平台');
    expect(Number(text(home, '#count-tier2 .stat-value'))).toBeGreaterThanOrEqual(1);
    expect(Number(text(home, '#count-tier3 .stat-value'))).toBeGreaterThanOrEqual(1);
    expect(home.instance.data.entries.map((e) => e.key)).toEqual(expect.arrayContaining(['invite-dealer', 'staff', 'accounts', 'b2b', 'b2b-orders', 'password']));

    // 我的网络: 昆山经销商 (tier-2) and 湖畔蟹庄餐厅 (tier-3, under 昆山经销商)
    const net = await mountPage('packageDealer/pages/network/index');
    await listed(net);
    expect(net.instance.data.items.map((d) => d.name)).toContain('昆山经销商');
    await net.instance.onTabTap({ currentTarget: { dataset: { tier: 3 } } });
    const tier3 = net.instance.data.items.find((d) => d.name === '湖畔蟹庄餐厅');
    expect(tier3).toMatchObject({ tierName: '三级渠道商', parentName: '昆山经销商' });
    expect(failedCalls(wx)).toEqual([]);

    // 邀请渠道商: a tier-2 at 80 % (the rules come from /dealer/me)
    const inv = await mountPage('packageDealer/pages/invite-dealer/index');
    await idle(inv);
    expect(inv.instance.data.tierLabels).toEqual(['二级渠道商', '三级渠道商']);
    const rules = inv.instance.data.inviteRules;
    inv.instance.onRateInput({ detail: { value: String((rules.min_rate_bp - 1) / 100) } });
    expect(await inv.instance.onCreate()).toBeNull(); // below the minimum: refused on the phone
    inv.instance.onRateInput({ detail: { value: '80' } });
    const invite = await inv.instance.onCreate();
    expect(failedCalls(wx)).toEqual([]);
    expect(invite).toMatchObject({ tier: 2, discount_rate_bp: 8000, dealer_type: 'offline_distributor', scene: `dinv=${invite.token}` });
    await waitFor(() => inv.instance.data.qrcodePath, 'the invite QR');
    const fs = require('fs');
    expect(fs.readFileSync(inv.instance.data.qrcodePath).subarray(1, 4).toString()).toBe('PNG');
    await waitFor(() => inv.instance.data.invites.some((i) => i.token === invite.token), 'the invite in my list');

    // a new member applies through the invite (in their own session), then the store revokes the invite
    const storeSession = ['session.accessToken', 'session.refreshToken', 'session.workspace', 'session.user'].map((k) => [k, wx.__storage.get(k)]);
    wx.__storage.clear();
    wx.__storage.set('dev.apiBaseUrl', BASE);
    await smsLogin(randomPhone());
    const apply = await mountPage('pages/dealer/apply/index', { scene: encodeURIComponent(`dinv=${invite.token}`) });
    await idle(apply);
    expect(text(apply, '#inviter-name')).toBe('苏州阳澄湖专卖店');
    expect(text(apply, '#invite-tier')).toBe('二级渠道商');
    apply.instance.onInput({ currentTarget: { dataset: { field: 'name' } }, detail: { value: '旅程蟹行' } });
    apply.instance.onInput({ currentTarget: { dataset: { field: 'contact_name' } }, detail: { value: '孙老板' } });
    apply.instance.onRegionChange({ detail: { value: ['江苏省', '常州市'] } });
    apply.instance.onInput({ currentTarget: { dataset: { field: 'address' } }, detail: { value: '天宁区延陵路1号' } });
    const application = await apply.instance.onSubmit();
    expect(failedCalls(wx)).toEqual([]);
    expect(application).toMatchObject({ status: 'pending', tier: 2, parent_name: '苏州阳澄湖专卖店', name: '旅程蟹行' });
    await waitFor(() => apply.instance.data.applications.length, 'my applications');
    expect(apply.instance.data.applications[0]).toMatchObject({ name: '旅程蟹行', statusName: '审核中' });
    wx.__storage.clear();
    storeSession.forEach(([k, v]) => wx.__storage.set(k, v));
    wx.__storage.set('dev.apiBaseUrl', BASE);

    const acceptedRow = (await api(BASE, 'GET', '/dealer/dealer-invites', token)).data.find((i) => i.token === invite.token);
    expect(acceptedRow.accepted_count).toBe(1);
    wx.__modalConfirm = true;
    expect(await inv.instance.onRevoke({ currentTarget: { dataset: { token: invite.token } } })).toBe(true);
    expect(failedCalls(wx)).toEqual([]);
    expect((await api(BASE, 'GET', '/dealer/dealer-invites', token)).data.map((i) => i.token)).not.toContain(invite.token);

    // 邀请会员: the member levels with their discount (the default preselected) → 钻石会员's invite QR
    const memberInvite = await mountPage('packageDealer/pages/invite-member/index');
    await waitFor(() => memberInvite.instance.data.qrStatus === 'ready', 'the member invite QR');
    expect(failedCalls(wx)).toEqual([]);
    expect(memberInvite.instance.data.levelLabels).toEqual(['普通会员 · 100%（原价） · 默认', '银卡会员 · 98%（9.8折）', '金卡会员 · 95%（9.5折）', '钻石会员 · 90%（9折）']);
    expect(text(memberInvite, '#level-value')).toBe('普通会员');
    await memberInvite.instance.onLevelChange({ detail: { value: '3' } });
    expect(failedCalls(wx)).toEqual([]);
    expect(text(memberInvite, '#invite-info')).toMatch(/^赠送等级：钻石会员 · 已邀请 \d+ 人$/);
    expect(memberInvite.instance.data.qrcodePath).toBeTruthy();

    // 员工管理: add → detail → operator (B2B + 结算) → close → delete
    const staffPhone = randomPhone();
    const edit = await mountPage('packageDealer/pages/staff/edit/index');
    const input = (field, value) => edit.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } });
    input('name', '旅程店员');
    input('phone', staffPhone);
    input('rateText', '12.5');
    // The person agrees by reading out the code sent to their phone (here: the fake sender's inbox).
    expect(await edit.instance.onSendCode()).toBe(true);
    edit.instance.onUnload();
    const staffInbox = await waitFor(async () => {
      const res = await api(BASE, 'GET', `/dev/sms-inbox?phone=${staffPhone}`);
      return res.status === 200 && res.data.items && res.data.items.length ? res.data : null;
    }, 'the staff SMS code');
    input('code', String(staffInbox.items[0].params.code));
    const created = await edit.instance.onSave();
    expect(failedCalls(wx)).toEqual([]);
    expect(created).toMatchObject({ name: '旅程店员', phone: staffPhone, commission_rate_bp: 1250, operator_status: 'none' });

    const list = await mountPage('packageDealer/pages/staff/list/index');
    await listed(list);
    expect(list.instance.data.items.map((s) => s.name)).toEqual(expect.arrayContaining(['旅程店员', '王店员']));
    list.instance.onKeywordInput({ detail: { value: staffPhone } });
    await list.instance.onSearch();
    expect(list.instance.data.items.map((s) => s.name)).toEqual(['旅程店员']);
    expect(list.instance.data.total).toBe(1);

    const op = await mountPage('packageDealer/pages/staff/operator/index', { id: String(created.id) });
    await idle(op);
    op.instance.onModulesChange({ detail: { value: ['settlement', 'b2b_orders'] } });
    await op.instance.onSave();
    const detail = await mountPage('packageDealer/pages/staff/detail/index', { id: String(created.id) });
    await idle(detail);
    expect(failedCalls(wx)).toEqual([]);
    expect(text(detail, '#staff-rate')).toBe('12.5%');
    expect(text(detail, '#operator-status')).toBe('操作员');
    expect(text(detail, '#operator-modules')).toBe('B2B订货、结算账户');
    expect(await detail.instance.onCloseOperator()).toBe(true);
    expect(text(detail, '#operator-status')).toBe('操作员已关闭');
    expect(await detail.instance.onDelete()).toBe(true);
    expect(failedCalls(wx)).toEqual([]);

    // 王店员 (seeded with ¥120.00 to settle): record ¥10.00, see it in the records
    const staffRows = (await api(BASE, 'GET', '/dealer/staff?q=13700002001', token)).data.items;
    const wang = staffRows[0];
    const settle = await mountPage('packageDealer/pages/staff/settle/index', { id: String(wang.id) });
    await idle(settle);
    expect(settle.instance.data.settleable).toBe(wang.settleable);
    settle.instance.onAmountInput({ detail: { value: format2(wang.settleable + 1) } });
    expect(await settle.instance.onSubmit()).toBeNull(); // more than settleable
    settle.instance.onAmountInput({ detail: { value: '10' } });
    settle.instance.onNoteInput({ detail: { value: '旅程结算' } });
    const record = await settle.instance.onSubmit();
    expect(failedCalls(wx)).toEqual([]);
    expect(record).toMatchObject({ amount: 1000, note: '旅程结算', staff_name: '王店员' });
    const records = await mountPage('packageDealer/pages/settlements/index', { scope: 'dealer', staff_id: String(wang.id) });
    await listed(records);
    expect(records.instance.data.items[0]).toMatchObject({ staffName: '王店员', amountText: '¥10.00', note: '旅程结算' });

    // 资金账户: stored value and credit of the tier-1
    const accounts = await mountPage('packageDealer/pages/accounts/index');
    await idle(accounts);
    const before = (await api(BASE, 'GET', '/dealer/accounts', token)).data;
    expect(text(accounts, '#stored-value')).toBe(`¥${(before.stored_value / 100).toFixed(2)}`);
    expect(text(accounts, '#credit-limit')).toBe(`¥${(before.credit_limit / 100).toFixed(2)}`);
    const entries = await mountPage('packageDealer/pages/entries/index', { scope: 'dealer', account: 'stored_value' });
    await listed(entries);
    expect(entries.instance.data.items.map((e) => e.kindName)).toContain('储值充值');

    // B2B: the cheapest item twice → 进货单 → 确认订货 → 储值支付
    const items = await mountPage('packageDealer/pages/b2b/items/index');
    await listed(items);
    expect(failedCalls(wx)).toEqual([]);
    const item = items.instance.data.items.find((i) => !i.soldOut);
    expect(item.unitPrice).toBeLessThan(item.retailPrice);
    await items.instance.onAdd({ currentTarget: { dataset: { id: item.id } } });
    await items.instance.onAdd({ currentTarget: { dataset: { id: item.id } } });
    const cart = await mountPage('packageDealer/pages/b2b/cart/index');
    await idle(cart);
    const line = cart.instance.data.cart.lines.find((l) => l.itemId === item.id);
    expect(line.quantity).toBeGreaterThanOrEqual(2);
    const checkout = await mountPage('packageDealer/pages/b2b/checkout/index');
    await idle(checkout);
    expect(checkout.instance.data.form.receiver_phone).toBe('13700001001');
    checkout.instance.onRegionChange({ detail: { value: ['江苏省', '苏州市', '相城区'] } });
    if (!checkout.instance.data.form.address_detail) {
      checkout.instance.onInput({ currentTarget: { dataset: { field: 'address_detail' } }, detail: { value: '阳澄湖大道1号' } });
    }
    const order = await checkout.instance.onSubmit();
    expect(failedCalls(wx)).toEqual([]);
    expect(checkout.instance.data.errors).toEqual({});
    expect(order.status).toBe('pending_payment');
    expect(lastUrl(wx.redirectTo)).toBe(`/packageDealer/pages/b2b/detail/index?id=${order.id}`);

    const detailPage = await mountPage('packageDealer/pages/b2b/detail/index', { id: String(order.id) });
    await idle(detailPage);
    expect(text(detailPage, '#order-status')).toBe('待付款');
    expect(detailPage.instance.data.order.actions.map((a) => a.key)).toEqual(['cancel', 'report_transfer', 'pay']);
    wx.__modalConfirm = true;
    const paid = await detailPage.instance.onActionTap({ currentTarget: { dataset: { action: 'pay' } } });
    expect(failedCalls(wx)).toEqual([]);
    expect(paid.status).toBe('pending_shipment');
    const modal = wx.showModal.mock.calls[wx.showModal.mock.calls.length - 1][0].content;
    expect(modal).toContain(`储值余额 ¥${(before.stored_value / 100).toFixed(2)}`);
    expect(text(detailPage, '#order-status')).toBe('待发货');
    expect(text(detailPage, '#pay-method')).toBe('储值支付');
    expect(detailPage.instance.data.order.timeline.map((e) => e.title)).toEqual(['储值支付', '下单']);
    const after = (await api(BASE, 'GET', '/dealer/accounts', token)).data;
    expect(after.stored_value).toBe(before.stored_value - order.goods_amount);

    // a second order paid by an offline transfer → 待确认收款
    await items.instance.onAdd({ currentTarget: { dataset: { id: item.id } } });
    const checkout2 = await mountPage('packageDealer/pages/b2b/checkout/index');
    await idle(checkout2);
    checkout2.instance.onRegionChange({ detail: { value: ['江苏省', '苏州市', '相城区'] } });
    checkout2.instance.onInput({ currentTarget: { dataset: { field: 'address_detail' } }, detail: { value: '阳澄湖大道1号' } });
    const order2 = await checkout2.instance.onSubmit();
    const detail2 = await mountPage('packageDealer/pages/b2b/detail/index', { id: String(order2.id) });
    await idle(detail2);
    await detail2.instance.onActionTap({ currentTarget: { dataset: { action: 'report_transfer' } } });
    detail2.instance.onTransferInput({ currentTarget: { dataset: { field: 'reference' } }, detail: { value: 'JOURNEY-TX-001' } });
    await detail2.instance.onTransferSubmit();
    expect(failedCalls(wx)).toEqual([]);
    expect(text(detail2, '#order-status')).toBe('待确认收款');
    expect(text(detail2, '#transfer-reference')).toBe('JOURNEY-TX-001');

    // 订货单: the tabs; the seeded unpaid order is cancelled with a reason
    const orders = await mountPage('packageDealer/pages/b2b/orders/index');
    await listed(orders);
    await orders.instance.onTabTap({ currentTarget: { dataset: { key: 'pending_confirmation' } } });
    expect(orders.instance.data.items.map((o) => o.id)).toContain(order2.id);
    expect(orders.instance.data.items.every((o) => o.status === 'pending_confirmation')).toBe(true);
    await orders.instance.onTabTap({ currentTarget: { dataset: { key: 'pending_payment' } } });
    const seeded = orders.instance.data.items.find((o) => o.orderNo === 'B20261101000000000001');
    if (seeded) {
      const detail3 = await mountPage('packageDealer/pages/b2b/detail/index', { id: String(seeded.id) });
      await idle(detail3);
      wx.__actionSheetIndex = 0;
      await detail3.instance.onActionTap({ currentTarget: { dataset: { action: 'cancel' } } });
      expect(failedCalls(wx)).toEqual([]);
      expect(text(detail3, '#order-status')).toBe('已取消');
    }

    // 操作日志 lists what was done
    const log = await mountPage('packageDealer/pages/oplog/index');
    await listed(log);
    expect(log.instance.data.items.length).toBeGreaterThan(3);
    expect(failedCalls(wx)).toEqual([]);
  });

  test('tier-2: withdrawal request within the withdrawable amount → 提现记录', async () => {
    await passwordLogin('13700001002');
    await switchTo('dealer:');
    const accounts = await mountPage('packageDealer/pages/accounts/index');
    await idle(accounts);
    expect(accounts.querySelector('#stored-value-card')).toBeFalsy(); // stored value and credit belong to the tier-1
    const apply = await mountPage('packageDealer/pages/withdraw/apply/index');
    await idle(apply);
    const withdrawable = apply.instance.data.withdrawable;
    expect(withdrawable).toBeGreaterThan(100);
    const input = (field, value) => apply.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value } });
    input('amountText', format2(withdrawable + 1));
    input('bank_holder', '昆山经销商');
    input('bank_name', '工商银行昆山支行');
    input('bank_account', '6222021102009999888');
    input('invoice_no', 'FP-JOURNEY-1');
    expect(await apply.instance.onSubmit()).toBeNull();
    expect(apply.instance.data.errors.amount).toContain('不能超过可提现金额');
    input('amountText', '1.00');
    const withdrawal = await apply.instance.onSubmit();
    expect(failedCalls(wx)).toEqual([]);
    expect(withdrawal).toMatchObject({ amount: 100, status: 'requested', bank_account: '****9888', invoice_no: 'FP-JOURNEY-1' });
    const list = await mountPage('packageDealer/pages/withdraw/list/index');
    await listed(list);
    expect(list.instance.data.items[0]).toMatchObject({ id: withdrawal.id, statusName: '待打款', amountText: '¥1.00' });
  });

  test('staff workspace: 王店员 sees earnings and the operator modules; the store accounts are read only', async () => {
    await passwordLogin('13700002001');
    expect(await switchTo('staff:')).toBe('/packageDealer/pages/staff-home/index');
    const home = await mountPage('packageDealer/pages/staff-home/index');
    await idle(home);
    expect(failedCalls(wx)).toEqual([]);
    expect(text(home, '#staff-name')).toContain('王店员');
    expect(text(home, '#dealer-name')).toBe('苏州阳澄湖专卖店');
    expect(text(home, '#staff-rate')).toBe('10%');
    expect(home.instance.data.modules.map((m) => m.key)).toEqual(['b2b_orders', 'settlement']);

    const entries = await mountPage('packageDealer/pages/entries/index', { scope: 'staff', account: 'staff_settleable' });
    await listed(entries);
    expect(entries.instance.data.items.map((e) => e.kindName)).toContain('员工提成');
    const members = await mountPage('packageDealer/pages/members/index', { scope: 'staff' });
    await listed(members);
    const settlements = await mountPage('packageDealer/pages/settlements/index', { scope: 'staff' });
    await listed(settlements);
    expect(failedCalls(wx)).toEqual([]);

    const accounts = await mountPage('packageDealer/pages/accounts/index');
    await idle(accounts);
    expect(failedCalls(wx)).toEqual([]);
    expect(accounts.querySelector('#stored-value-card')).toBeTruthy();
    expect(accounts.querySelector('#withdraw-button')).toBeFalsy();

    // 邀请会员 from the staff workspace: the level list (default preselected), then the staff member's invite of 金卡会员
    expect(home.instance.data.entries.find((e) => e.key === 'invite').url).toBe('/packageDealer/pages/invite-member/index');
    const invite = await mountPage('packageDealer/pages/invite-member/index');
    await waitFor(() => invite.instance.data.qrStatus === 'ready', 'the default level\'s invite');
    expect(failedCalls(wx)).toEqual([]);
    expect(invite.instance.data.levels.map((l) => l.name)).toEqual(['普通会员', '银卡会员', '金卡会员', '钻石会员']);
    expect(text(invite, '#level-value')).toBe('普通会员');
    expect(invite.instance.data.invite.levelName).toBe('普通会员');
    const gold = invite.instance.data.levels.findIndex((l) => l.name === '金卡会员');
    await invite.instance.onLevelChange({ detail: { value: String(gold) } });
    expect(failedCalls(wx)).toEqual([]);
    expect(text(invite, '#level-rate')).toBe('95%（9.5折）');
    expect(invite.instance.data.invite.levelName).toBe('金卡会员');
    expect(invite.instance.data.qrcodePath).toBeTruthy();

    const b2b = await mountPage('packageDealer/pages/b2b/items/index');
    await listed(b2b);
    expect(failedCalls(wx)).toEqual([]);
    expect(b2b.instance.data.items.length).toBeGreaterThan(0);
  });
});

function format2(fen) {
  return (fen / 100).toFixed(2);
}
