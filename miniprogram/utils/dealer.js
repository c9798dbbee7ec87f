/**
 * Pure rules and labels of the dealer and staff workspaces (spec 04, docs/dealers-api.md): workspaces, tiers and
 * kinds, rates (basis points ↔ percent), amounts typed in yuan, status names and tabs, operator modules.
 * No wx and no network here, so every rule has a plain unit test (tests/unit/dealer-rules.test.js).
 */

const DEALER_HOME = '/packageDealer/pages/home/index';
const STAFF_HOME = '/packageDealer/pages/staff-home/index';

const TIER_NAMES = { 1: '一级渠道商', 2: '二级渠道商', 3: '三级渠道商' };
const KIND_NAMES = { city_partner: '城市合伙人', flagship_store: '专卖店' };
const DEALER_TYPES = [
  { value: 'offline_distributor', label: '线下经销商' },
  { value: 'offline_reseller', label: '线下分销商' },
];

/** 'dealer:3' → {type: 'dealer', id: 3}; 'member' → {type: 'member', id: 0}. */
function parseWorkspace(workspace) {
  const text = String(workspace || 'member');
  const match = /^(dealer|staff):(\d+)$/.exec(text);
  if (match) return { type: match[1], id: Number(match[2]) };
  return { type: text, id: 0 };
}

/** The home page of a workspace ('' for member / sales, whose home is 我的). */
function homeOf(workspace) {
  const { type } = parseWorkspace(workspace);
  if (type === 'dealer') return DEALER_HOME;
  if (type === 'staff') return STAFF_HOME;
  return '';
}

function tierName(tier) {
  return TIER_NAMES[tier] || '';
}

function kindName(kind) {
  return KIND_NAMES[kind] || '';
}

function dealerTypeName(type) {
  const found = DEALER_TYPES.find((t) => t.value === type);
  return found ? found.label : '';
}

/** 一级渠道商 · 专卖店 */
function dealerTitle(dealer) {
  if (!dealer) return '';
  return [tierName(dealer.tier), kindName(dealer.kind)].filter(Boolean).join(' · ');
}

// ---- rates (basis points: 8500 = 85 %) ------------------------------------------------------------------------------

/** 8500 → '85', 7250 → '72.5', 1234 → '12.34'; '' for anything that is not an integer. */
function bpToPercent(bp) {
  if (typeof bp !== 'number' || !Number.isSafeInteger(bp)) return '';
  const negative = bp < 0;
  const abs = Math.abs(bp);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  let text = String(whole);
  if (cents) text += `.${cents < 10 ? '0' : ''}${cents}`.replace(/0+$/, '');
  return (negative ? '-' : '') + text;
}

/** '85' → 8500, '72.5' → 7250, '12.34' → 1234 (string arithmetic, no float drift); null when not a percent. */
function percentToBp(text) {
  const value = String(text === undefined || text === null ? '' : text).trim();
  const match = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 100 + Number(`${match[2] || ''}00`.slice(0, 2));
}

/** A discount rate as people read it: 7000 → '70%（7折）'. */
function rateText(bp) {
  const percent = bpToPercent(bp);
  if (!percent) return '';
  const zhe = bpToPercent(Math.round(bp / 10)); // 7000 → '7', 7250 → '7.25'
  return `${percent}%（${zhe}折）`;
}

/**
 * The tiers a dealer may invite: those the server allows (invite_rules.tiers), only lower (a larger number) than
 * mine, never below tier 3; as picker options.
 */
function inviteTierOptions(myTier, rules) {
  const allowed = (rules && rules.tiers) || [];
  return allowed
    .filter((t) => Number.isInteger(t) && t > Number(myTier) && t <= 3)
    .sort((a, b) => a - b)
    .map((t) => ({ value: t, label: tierName(t) }));
}

/** The usual type of a new dealer of that tier: tier-2 distributors, tier-3 small merchants (resellers). */
function defaultDealerType(tier) {
  return Number(tier) >= 3 ? 'offline_reseller' : 'offline_distributor';
}

/** '70% – 100%' for the hint under the rate field. */
function rateRangeText(rules) {
  if (!rules || typeof rules.min_rate_bp !== 'number' || typeof rules.max_rate_bp !== 'number') return '';
  return `${bpToPercent(rules.min_rate_bp)}% – ${bpToPercent(rules.max_rate_bp)}%`;
}

/**
 * Checks the sub-dealer invite form against the rules of /dealer/me → {field: message} (empty when fine).
 * values: {tier, rateText, dealer_type}.
 */
function checkDealerInvite(values, myTier, rules) {
  const errors = {};
  const v = values || {};
  const tiers = inviteTierOptions(myTier, rules).map((t) => t.value);
  if (!tiers.length) errors.tier = '当前等级不能邀请下级渠道商';
  else if (tiers.indexOf(Number(v.tier)) === -1) errors.tier = '请选择下级渠道商等级';
  if (!DEALER_TYPES.some((t) => t.value === v.dealer_type)) errors.dealer_type = '请选择渠道商类型';
  const bp = percentToBp(v.rateText);
  if (!String(v.rateText || '').trim()) errors.rate = '请输入折扣率';
  else if (bp === null) errors.rate = '折扣率为数字，最多两位小数';
  else if (rules && typeof rules.min_rate_bp === 'number' && bp < rules.min_rate_bp) {
    errors.rate = `折扣率不能低于${bpToPercent(rules.min_rate_bp)}%`;
  } else if (rules && typeof rules.max_rate_bp === 'number' && bp > rules.max_rate_bp) {
    errors.rate = `折扣率不能高于${bpToPercent(rules.max_rate_bp)}%`;
  }
  return errors;
}

/** Staff commission rate typed in percent: 0–100, at most two decimals → {bp, error}. */
function checkCommissionRate(text) {
  if (!String(text === undefined || text === null ? '' : text).trim()) return { bp: null, error: '请输入提成比例' };
  const bp = percentToBp(text);
  if (bp === null) return { bp: null, error: '提成比例为数字，最多两位小数' };
  if (bp > 10000) return { bp: null, error: '提成比例不能超过100%' };
  return { bp, error: '' };
}

// ---- amounts typed in yuan --------------------------------------------------------------------------------------------

/** '12.3' → 1230 (string arithmetic); null when not an amount with at most two decimals. */
function parseYuan(text) {
  const value = String(text === undefined || text === null ? '' : text).trim();
  const match = /^(\d{1,10})(?:\.(\d{0,2}))?$/.exec(value);
  if (!match) return null;
  return Number(match[1]) * 100 + Number(`${match[2] || ''}00`.slice(0, 2));
}

function yuan(fen) {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${abs % 100 < 10 ? '0' : ''}${abs % 100}`;
}

/**
 * An amount typed in yuan that must be > 0 and ≤ max (fen) → {amount, error}.
 * what: the word used in messages (提现金额, 结算金额); maxLabel: what the max is (可提现金额, 可结算金额).
 */
function checkAmount(text, max, what, maxLabel) {
  const name = what || '金额';
  if (!String(text === undefined || text === null ? '' : text).trim()) return { amount: null, error: `请输入${name}` };
  const amount = parseYuan(text);
  if (amount === null) return { amount: null, error: `${name}格式不正确，最多两位小数` };
  if (amount <= 0) return { amount: null, error: `${name}须大于0` };
  if (typeof max === 'number' && amount > max) {
    return { amount: null, error: `${name}不能超过${maxLabel || '可用金额'}¥${yuan(Math.max(0, max))}` };
  }
  return { amount, error: '' };
}

/** The withdrawal form → {errors, payload}. values: {amountText, bank_holder, bank_name, bank_account, invoice_no}. */
function checkWithdrawal(values, withdrawable) {
  const v = values || {};
  const errors = {};
  const amount = checkAmount(v.amountText, withdrawable, '提现金额', '可提现金额');
  if (amount.error) errors.amount = amount.error;
  const holder = String(v.bank_holder || '').trim();
  if (!holder) errors.bank_holder = '请输入开户名';
  else if (holder.length > 32) errors.bank_holder = '开户名不能超过32个字';
  const bank = String(v.bank_name || '').trim();
  if (!bank) errors.bank_name = '请输入开户银行';
  else if (bank.length > 64) errors.bank_name = '开户银行不能超过64个字';
  const card = String(v.bank_account || '').replace(/\s+/g, '');
  if (!card) errors.bank_account = '请输入银行卡号';
  else if (!/^\d{8,30}$/.test(card)) errors.bank_account = '请输入正确的银行卡号';
  const invoice = String(v.invoice_no || '').trim();
  if (invoice.length > 32) errors.invoice_no = '发票号不能超过32个字符';
  const payload = { amount: amount.amount, bank_holder: holder, bank_name: bank, bank_account: card, invoice_no: invoice };
  return { errors, payload };
}

// ---- statuses ----------------------------------------------------------------------------------------------------------

const WITHDRAWAL_STATUS = { requested: '待打款', paid: '已打款', rejected: '已驳回' };
const APPLICATION_STATUS = { pending: '审核中', approved: '已通过', rejected: '已驳回' };

const B2B_STATUS = {
  pending_payment: '待付款',
  pending_confirmation: '待确认收款',
  pending_shipment: '待发货',
  shipped: '已发货',
  completed: '已完成',
  cancelled: '已取消',
};

/** Rows of a list answer that may be a page ({items, …}) or a plain array (e.g. GET /dealer/dealer-invites). */
function rowsOf(answer) {
  if (Array.isArray(answer)) return answer;
  return (answer && answer.items) || [];
}

/** B2B order tabs: '' = 全部, then one per status (the server filters by `status`). */
const B2B_TABS = [{ key: '', title: '全部' }].concat(Object.keys(B2B_STATUS).map((key) => ({ key, title: B2B_STATUS[key] })));

function b2bTab(key) {
  const wanted = key || '';
  return B2B_TABS.some((t) => t.key === wanted) ? wanted : '';
}

function b2bStatusName(order) {
  if (!order) return '';
  return order.status_name || B2B_STATUS[order.status] || order.status || '';
}

// the buttons of a B2B order's allowed_actions, in the order they are drawn (the main one last)
const B2B_ACTIONS = [
  { key: 'cancel', title: '取消订单', primary: false },
  { key: 'report_transfer', title: '已线下转账', primary: false },
  { key: 'pay', title: '储值支付', primary: true },
];

function b2bActionButtons(allowed) {
  const list = allowed || [];
  return B2B_ACTIONS.filter((a) => list.indexOf(a.key) !== -1);
}

// the server also answers action_name, which wins
const B2B_EVENT_NAMES = {
  create: '下单',
  pay: '储值支付',
  report_transfer: '提交线下转账',
  confirm_transfer: '确认收款',
  reject_transfer: '驳回转账',
  cancel: '取消订单',
  ship: '发货',
  receive: '确认收货',
};

function b2bEventTitle(event) {
  if (!event) return '';
  return event.title || event.action_name || B2B_EVENT_NAMES[event.action] || event.action || '';
}

const PAY_METHODS = { stored_value: '储值支付', offline_transfer: '线下转账' };

// ---- ledger accounts ----------------------------------------------------------------------------------------------------

const ACCOUNT_NAMES = {
  stored_value: '储值账户',
  credit: '额度账户（已用）',
  earnings_pending: '收益·未入账',
  earnings_withdrawable: '收益·可提现',
  earnings_withdrawing: '收益·提现中',
  earnings_withdrawn: '收益·已提现',
  staff_pending: '提成·未入账',
  staff_settleable: '提成·待结算',
  staff_settled: '提成·已结算',
};

const ENTRY_KIND_NAMES = {
  top_up: '储值充值',
  adjustment: '调整',
  activation: '卡激活',
  credit_use: '额度使用',
  credit_limit: '额度调整',
  debt_settlement: '欠款结算',
  b2b_order: 'B2B订货',
  b2b_refund: 'B2B退款',
  profit: '分利收益',
  commission: '员工提成',
  release: '入账',
  reversal: '退款冲回',
  withdrawal_request: '申请提现',
  withdrawal_paid: '提现到账',
  withdrawal_reject: '提现驳回',
  settlement: '结算',
};

function accountName(account) {
  return ACCOUNT_NAMES[account] || account || '';
}

function entryKindName(kind) {
  return ENTRY_KIND_NAMES[kind] || kind || '';
}

const DEALER_ACCOUNTS = Object.keys(ACCOUNT_NAMES).filter((k) => k.indexOf('staff_') !== 0);
const STAFF_ACCOUNTS = ['staff_pending', 'staff_settleable', 'staff_settled'];

// ---- operators ----------------------------------------------------------------------------------------------------------

/** Operator modules (a flagship store grants them to staff); `page` is where the module's entry leads. */
const OPERATOR_MODULES = [
  { key: 'b2b_orders', label: 'B2B订货', page: '/packageDealer/pages/b2b/items/index' },
  { key: 'delivery_orders', label: '配送订单', page: '' },
  { key: 'shipments', label: '发货', page: '' },
  { key: 'settlement', label: '结算账户', page: '/packageDealer/pages/accounts/index' },
  { key: 'cards', label: '卡券', page: '' },
];
const MODULE_KEYS = OPERATOR_MODULES.map((m) => m.key);

function moduleLabel(key) {
  const found = OPERATOR_MODULES.find((m) => m.key === key);
  return found ? found.label : key;
}

/** Only known modules, once each, in the canonical order (what PUT /staff/<id>/operator is sent). */
function normalizeModules(modules) {
  const wanted = new Set(modules || []);
  return MODULE_KEYS.filter((k) => wanted.has(k));
}

/** Checkbox rows for the operator form. */
function moduleOptions(selected) {
  const chosen = new Set(selected || []);
  return OPERATOR_MODULES.map((m) => ({ key: m.key, label: m.label, checked: chosen.has(m.key) }));
}

function isActiveOperator(staff) {
  return Boolean(staff && staff.is_operator && staff.operator_status === 'active');
}

const OPERATOR_STATUS = { none: '非操作员', active: '操作员', closed: '操作员已关闭' };

function operatorStatusName(staff) {
  if (!staff) return '';
  return OPERATOR_STATUS[staff.operator_status || 'none'] || '';
}

/** The module entries of a staff member's home: only for an active operator, only the modules granted. */
function operatorEntries(staff) {
  if (!isActiveOperator(staff)) return [];
  const granted = normalizeModules(staff.operator_modules);
  return OPERATOR_MODULES.filter((m) => granted.indexOf(m.key) !== -1).map((m) => ({
    key: m.key,
    label: m.label,
    url: m.page,
    ready: Boolean(m.page),
  }));
}

module.exports = {
  DEALER_HOME,
  STAFF_HOME,
  TIER_NAMES,
  KIND_NAMES,
  DEALER_TYPES,
  parseWorkspace,
  homeOf,
  tierName,
  kindName,
  dealerTypeName,
  dealerTitle,
  bpToPercent,
  percentToBp,
  rateText,
  inviteTierOptions,
  defaultDealerType,
  rateRangeText,
  checkDealerInvite,
  checkCommissionRate,
  parseYuan,
  checkAmount,
  checkWithdrawal,
  WITHDRAWAL_STATUS,
  APPLICATION_STATUS,
  B2B_STATUS,
  B2B_TABS,
  b2bTab,
  rowsOf,
  b2bStatusName,
  b2bActionButtons,
  b2bEventTitle,
  PAY_METHODS,
  ACCOUNT_NAMES,
  DEALER_ACCOUNTS,
  STAFF_ACCOUNTS,
  accountName,
  entryKindName,
  OPERATOR_MODULES,
  MODULE_KEYS,
  moduleLabel,
  normalizeModules,
  moduleOptions,
  isActiveOperator,
  operatorStatusName,
  operatorEntries,
};
