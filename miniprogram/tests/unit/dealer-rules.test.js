/** utils/dealer.js: workspaces, rates, the invite rules, amounts, statuses and tabs, operator modules. */
const rules = require('../../utils/dealer');

describe('workspaces', () => {
  test('parseWorkspace and homeOf', () => {
    expect(rules.parseWorkspace('dealer:3')).toEqual({ type: 'dealer', id: 3 });
    expect(rules.parseWorkspace('staff:12')).toEqual({ type: 'staff', id: 12 });
    expect(rules.parseWorkspace('member')).toEqual({ type: 'member', id: 0 });
    expect(rules.parseWorkspace('')).toEqual({ type: 'member', id: 0 });
    expect(rules.parseWorkspace('dealer:x')).toEqual({ type: 'dealer:x', id: 0 });
    expect(rules.homeOf('dealer:3')).toBe('/packageDealer/pages/home/index');
    expect(rules.homeOf('staff:7')).toBe('/packageDealer/pages/staff-home/index');
    expect(rules.homeOf('member')).toBe('');
    expect(rules.homeOf('sales')).toBe('');
  });

  test('tier, kind and type names', () => {
    expect(rules.dealerTitle({ tier: 1, kind: 'flagship_store' })).toBe('一级渠道商 · 专卖店');
    expect(rules.dealerTitle({ tier: 1, kind: 'city_partner' })).toBe('一级渠道商 · 城市合伙人');
    expect(rules.dealerTitle({ tier: 3, kind: null })).toBe('三级渠道商');
    expect(rules.dealerTypeName('offline_reseller')).toBe('线下分销商');
    expect(rules.dealerTypeName('nope')).toBe('');
  });
});

describe('rates in basis points', () => {
  test('bp ↔ percent without float drift', () => {
    expect(rules.bpToPercent(8500)).toBe('85');
    expect(rules.bpToPercent(7250)).toBe('72.5');
    expect(rules.bpToPercent(1234)).toBe('12.34');
    expect(rules.bpToPercent(5)).toBe('0.05');
    expect(rules.bpToPercent(10000)).toBe('100');
    expect(rules.bpToPercent(0)).toBe('0');
    expect(rules.bpToPercent('85')).toBe('');
    expect(rules.percentToBp('85')).toBe(8500);
    expect(rules.percentToBp(' 72.5 ')).toBe(7250);
    expect(rules.percentToBp('12.34')).toBe(1234);
    expect(rules.percentToBp('0.07')).toBe(7);
    expect(rules.percentToBp('72.')).toBe(7200);
    expect(rules.percentToBp('12.345')).toBeNull();
    expect(rules.percentToBp('-1')).toBeNull();
    expect(rules.percentToBp('abc')).toBeNull();
    expect(rules.percentToBp('')).toBeNull();
    // 0.1 + 0.2 style drift would turn 72.51 into 7250.999…
    expect(rules.percentToBp('72.51')).toBe(7251);
  });

  test('rateText shows percent and 折', () => {
    expect(rules.rateText(7000)).toBe('70%（7折）');
    expect(rules.rateText(8500)).toBe('85%（8.5折）');
    expect(rules.rateText(7250)).toBe('72.5%（7.25折）');
    expect(rules.rateText(null)).toBe('');
  });
});

describe('the sub-dealer invite form', () => {
  const RULES = { tiers: [2, 3], min_rate_bp: 7000, max_rate_bp: 10000 };

  test('only tiers lower than mine, as the server allows', () => {
    expect(rules.inviteTierOptions(1, RULES)).toEqual([{ value: 2, label: '二级渠道商' }, { value: 3, label: '三级渠道商' }]);
    expect(rules.inviteTierOptions(2, RULES).map((t) => t.value)).toEqual([3]);
    expect(rules.inviteTierOptions(2, { tiers: [3] }).map((t) => t.value)).toEqual([3]);
    expect(rules.inviteTierOptions(3, { tiers: [] })).toEqual([]);
    // a server answer listing my own or a higher tier is not offered
    expect(rules.inviteTierOptions(2, { tiers: [1, 2, 3, 4] }).map((t) => t.value)).toEqual([3]);
    expect(rules.inviteTierOptions(1, null)).toEqual([]);
  });

  test('default type per tier', () => {
    expect(rules.defaultDealerType(2)).toBe('offline_distributor');
    expect(rules.defaultDealerType(3)).toBe('offline_reseller');
  });

  test('rate within min…max of invite_rules', () => {
    const ok = { tier: 2, dealer_type: 'offline_distributor', rateText: '80' };
    expect(rules.checkDealerInvite(ok, 1, RULES)).toEqual({});
    expect(rules.checkDealerInvite(Object.assign({}, ok, { rateText: '70' }), 1, RULES)).toEqual({});
    expect(rules.checkDealerInvite(Object.assign({}, ok, { rateText: '100' }), 1, RULES)).toEqual({});
    expect(rules.checkDealerInvite(Object.assign({}, ok, { rateText: '69.99' }), 1, RULES)).toEqual({ rate: '折扣率不能低于70%' });
    expect(rules.checkDealerInvite(Object.assign({}, ok, { rateText: '100.01' }), 1, RULES)).toEqual({ rate: '折扣率不能高于100%' });
    expect(rules.checkDealerInvite(Object.assign({}, ok, { rateText: '' }), 1, RULES)).toEqual({ rate: '请输入折扣率' });
    expect(rules.checkDealerInvite(Object.assign({}, ok, { rateText: '8折' }), 1, RULES)).toEqual({ rate: '折扣率为数字，最多两位小数' });
    expect(rules.rateRangeText(RULES)).toBe('70% – 100%');
    expect(rules.rateRangeText({ tiers: [2] })).toBe('');
  });

  test('tier and type are checked too', () => {
    expect(rules.checkDealerInvite({ tier: 2, dealer_type: 'offline_distributor', rateText: '80' }, 2, RULES)).toEqual({ tier: '请选择下级渠道商等级' });
    expect(rules.checkDealerInvite({ tier: 3, dealer_type: 'x', rateText: '80' }, 2, RULES)).toEqual({ dealer_type: '请选择渠道商类型' });
    expect(rules.checkDealerInvite({ tier: null, dealer_type: 'offline_reseller', rateText: '80' }, 3, { tiers: [] }).tier).toBe('当前等级不能邀请下级渠道商');
  });

  test('staff commission rate 0–100 %', () => {
    expect(rules.checkCommissionRate('10')).toEqual({ bp: 1000, error: '' });
    expect(rules.checkCommissionRate('0')).toEqual({ bp: 0, error: '' });
    expect(rules.checkCommissionRate('100')).toEqual({ bp: 10000, error: '' });
    expect(rules.checkCommissionRate('12.5')).toEqual({ bp: 1250, error: '' });
    expect(rules.checkCommissionRate('100.5').error).toBe('提成比例不能超过100%');
    expect(rules.checkCommissionRate('').error).toBe('请输入提成比例');
    expect(rules.checkCommissionRate('1.234').error).toBe('提成比例为数字，最多两位小数');
  });
});

describe('amounts', () => {
  test('parseYuan', () => {
    expect(rules.parseYuan('12.3')).toBe(1230);
    expect(rules.parseYuan('0.01')).toBe(1);
    expect(rules.parseYuan('100')).toBe(10000);
    expect(rules.parseYuan('19.99')).toBe(1999);
    expect(rules.parseYuan('1.999')).toBeNull();
    expect(rules.parseYuan('-1')).toBeNull();
    expect(rules.parseYuan('')).toBeNull();
  });

  test('checkAmount: > 0 and ≤ the maximum', () => {
    expect(rules.checkAmount('50', 5000, '提现金额', '可提现金额')).toEqual({ amount: 5000, error: '' });
    expect(rules.checkAmount('50.01', 5000, '提现金额', '可提现金额').error).toBe('提现金额不能超过可提现金额¥50.00');
    expect(rules.checkAmount('0', 5000, '提现金额').error).toBe('提现金额须大于0');
    expect(rules.checkAmount('', 5000, '结算金额').error).toBe('请输入结算金额');
    expect(rules.checkAmount('1.234', 5000, '结算金额').error).toBe('结算金额格式不正确，最多两位小数');
    expect(rules.checkAmount('1', 0, '结算金额', '可结算金额').error).toBe('结算金额不能超过可结算金额¥0.00');
  });

  test('the withdrawal form', () => {
    const values = { amountText: '100', bank_holder: ' 张三 ', bank_name: '中国银行', bank_account: '6222 0000 1111 2222', invoice_no: 'FP001' };
    const ok = rules.checkWithdrawal(values, 20000);
    expect(ok.errors).toEqual({});
    expect(ok.payload).toEqual({ amount: 10000, bank_holder: '张三', bank_name: '中国银行', bank_account: '6222000011112222', invoice_no: 'FP001' });
    const bad = rules.checkWithdrawal({ amountText: '300', bank_holder: '', bank_name: '', bank_account: '12ab', invoice_no: 'x'.repeat(33) }, 20000);
    expect(bad.errors).toEqual({
      amount: '提现金额不能超过可提现金额¥200.00',
      bank_holder: '请输入开户名',
      bank_name: '请输入开户银行',
      bank_account: '请输入正确的银行卡号',
      invoice_no: '发票号不能超过32个字符',
    });
    expect(rules.checkWithdrawal(Object.assign({}, values, { invoice_no: '' }), 20000).errors).toEqual({});
  });
});

describe('B2B statuses and tabs', () => {
  test('tabs: 全部 then one per status; unknown keys fall back to 全部', () => {
    expect(rules.B2B_TABS.map((t) => t.title)).toEqual(['全部', '待付款', '待确认收款', '待发货', '已发货', '已完成', '已取消']);
    expect(rules.B2B_TABS.map((t) => t.key)).toEqual(['', 'pending_payment', 'pending_confirmation', 'pending_shipment', 'shipped', 'completed', 'cancelled']);
    expect(rules.b2bTab('pending_confirmation')).toBe('pending_confirmation');
    expect(rules.b2bTab('closed')).toBe('');
    expect(rules.b2bTab(undefined)).toBe('');
  });

  test('status names and action buttons', () => {
    expect(rules.b2bStatusName({ status: 'pending_payment' })).toBe('待付款');
    expect(rules.b2bStatusName({ status: 'x', status_name: '服务器名' })).toBe('服务器名');
    expect(rules.b2bActionButtons(['cancel', 'pay', 'report_transfer']).map((a) => a.title)).toEqual(['取消订单', '已线下转账', '储值支付']);
    expect(rules.rowsOf([{ id: 1 }])).toEqual([{ id: 1 }]);
    expect(rules.rowsOf({ items: [{ id: 2 }] })).toEqual([{ id: 2 }]);
    expect(rules.rowsOf(null)).toEqual([]);
    expect(rules.b2bActionButtons(['refund'])).toEqual([]);
    expect(rules.b2bActionButtons(undefined)).toEqual([]);
    expect(rules.b2bEventTitle({ action: 'create' })).toBe('下单');
    expect(rules.b2bEventTitle({ action: 'odd' })).toBe('odd');
    expect(rules.b2bEventTitle({ action: 'report_transfer' })).toBe('提交线下转账');
    expect(rules.b2bEventTitle({ action: 'pay', action_name: '已付款' })).toBe('已付款');
  });

  test('account and entry names', () => {
    expect(rules.accountName('stored_value')).toBe('储值账户');
    expect(rules.accountName('staff_settleable')).toBe('提成·待结算');
    expect(rules.entryKindName('top_up')).toBe('储值充值');
    expect(rules.entryKindName('unknown_kind')).toBe('unknown_kind');
    expect(rules.DEALER_ACCOUNTS).not.toContain('staff_pending');
  });
});

describe('operator modules', () => {
  test('normalizeModules keeps known ones once, in order', () => {
    expect(rules.normalizeModules(['settlement', 'b2b_orders', 'settlement', 'hack'])).toEqual(['b2b_orders', 'settlement']);
    expect(rules.normalizeModules(null)).toEqual([]);
  });

  test('moduleOptions marks the checked ones', () => {
    const options = rules.moduleOptions(['cards']);
    expect(options.map((o) => o.key)).toEqual(['b2b_orders', 'delivery_orders', 'shipments', 'settlement', 'cards']);
    expect(options.filter((o) => o.checked).map((o) => o.label)).toEqual(['卡券']);
  });

  test('operatorEntries: only an active operator, only the modules granted; modules without pages are not ready', () => {
    const staff = { is_operator: true, operator_status: 'active', operator_modules: ['settlement', 'b2b_orders', 'cards'] };
    expect(rules.operatorEntries(staff)).toEqual([
      { key: 'b2b_orders', label: 'B2B订货', url: '/packageDealer/pages/b2b/items/index', ready: true },
      { key: 'settlement', label: '结算账户', url: '/packageDealer/pages/accounts/index', ready: true },
      { key: 'cards', label: '卡券', url: '', ready: false },
    ]);
    expect(rules.operatorEntries(Object.assign({}, staff, { operator_status: 'closed' }))).toEqual([]);
    expect(rules.operatorEntries({ is_operator: false, operator_status: 'none', operator_modules: [] })).toEqual([]);
    expect(rules.isActiveOperator(staff)).toBe(true);
    expect(rules.operatorStatusName({ operator_status: 'closed' })).toBe('操作员已关闭');
    expect(rules.operatorStatusName({})).toBe('非操作员');
  });
});
