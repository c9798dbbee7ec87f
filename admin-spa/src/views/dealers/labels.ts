// Chinese names and tag colours of the dealer domain (spec 04; GLOSSARY.md). Pure, unit-tested.
import type { TagType } from '@/views/orders/labels'

export interface Option<V = string> {
  value: V
  label: string
  type?: TagType
}

export const TIERS: Option<number>[] = [
  { value: 1, label: '一级渠道商', type: 'danger' },
  { value: 2, label: '二级渠道商', type: 'warning' },
  { value: 3, label: '三级渠道商', type: 'primary' },
]
export const KINDS: Option[] = [
  { value: 'city_partner', label: '城市合伙人' },
  { value: 'flagship_store', label: '专卖店' },
]
export const DEALER_TYPES: Option[] = [
  { value: 'offline_distributor', label: '线下经销商' },
  { value: 'offline_reseller', label: '线下分销商' },
]
export const DEALER_STATUSES: Option[] = [
  { value: 'active', label: '正常', type: 'success' },
  { value: 'closed', label: '已关闭', type: 'info' },
]
export const APPLICATION_STATUSES: Option[] = [
  { value: 'pending', label: '待审核', type: 'warning' },
  { value: 'approved', label: '已通过', type: 'success' },
  { value: 'rejected', label: '已拒绝', type: 'info' },
]
export const WITHDRAWAL_STATUSES: Option[] = [
  { value: 'requested', label: '待处理', type: 'warning' },
  { value: 'paid', label: '已打款', type: 'success' },
  { value: 'rejected', label: '已驳回', type: 'info' },
]
export const B2B_STATUSES: Option[] = [
  { value: 'pending_payment', label: '待付款', type: 'warning' },
  { value: 'pending_confirmation', label: '待确认收款', type: 'danger' },
  { value: 'pending_shipment', label: '待发货', type: 'primary' },
  { value: 'shipped', label: '已发货', type: 'primary' },
  { value: 'completed', label: '已完成', type: 'success' },
  { value: 'cancelled', label: '已取消', type: 'info' },
]
export const PAY_METHODS: Record<string, string> = { stored_value: '储值支付', offline_transfer: '线下转账' }
export const STAFF_STATUSES: Record<string, string> = { active: '在职', deleted: '已删除' }
export const OPERATOR_STATUSES: Record<string, string> = { none: '否', active: '操作员', closed: '操作员（已关闭）' }
export const OPERATOR_MODULES: Record<string, string> = {
  b2b_orders: 'B2B 订货',
  settlement: '结算',
  delivery_orders: '配送单',
  shipments: '发货',
  cards: '卡券',
}
export const ACTOR_ROLES: Record<string, string> = { owner: '负责人', operator: '操作员' }

/** The ledgers a dealer's accounts tab lists (stored value / credit live on the tier-1). */
export const ACCOUNTS: { value: 'stored_value' | 'credit' | 'earnings_pending' | 'earnings_withdrawable' | 'earnings_withdrawing' | 'earnings_withdrawn'; label: string; reconcilable: boolean }[] = [
  { value: 'stored_value', label: '储值账户', reconcilable: true },
  { value: 'credit', label: '额度账户', reconcilable: true },
  { value: 'earnings_pending', label: '收益·未入账', reconcilable: false },
  { value: 'earnings_withdrawable', label: '收益·待提', reconcilable: false },
  { value: 'earnings_withdrawing', label: '收益·提现中', reconcilable: false },
  { value: 'earnings_withdrawn', label: '收益·已提', reconcilable: false },
]

/** Ledger entry kinds (the server's `kind`); unknown kinds show as they are. */
export const ENTRY_KINDS: Record<string, string> = {
  top_up: '线下充值',
  adjustment: '手工调账',
  limit_change: '授信额度调整',
  debt_settlement: '欠款还款',
  activation: '卡激活扣储值',
  credit_use: '卡激活用额度',
  b2b_order: 'B2B 订货付款',
  b2b_refund: 'B2B 订单退款',
  goods_cost_return: '货款返还',
  delivery_subsidy: '发货服务补贴',
  earning: '分利收益',
  commission: '员工提成',
  withdrawal_request: '申请提现',
  withdrawal_paid: '提现已打款',
  withdrawal_rejected: '提现驳回',
  staff_settlement: '员工结算',
}

/** An entry's reference: `top_up` + bank reference → `银行流水 DEMO-BANK-001`. */
const REF_TYPES: Record<string, string> = {
  top_up: '银行流水',
  debt_settlement: '还款流水',
  adjustment: '调账',
  withdrawal: '提现单',
  b2b_order: '进货订单',
  staff_settlement: '员工结算',
  activation: '激活单',
}
export function entryRefLabel(e: { ref_type: string; ref_id: string }): string {
  if (!e.ref_type) return '-'
  const name = REF_TYPES[e.ref_type] ?? e.ref_type
  return e.ref_id ? `${name} ${e.ref_id}` : name
}

function find<V>(list: Option<V>[], value: V | null | undefined): Option<V> | undefined {
  return list.find((o) => o.value === value)
}
export const tierLabel = (tier: number | null | undefined) => find(TIERS, tier)?.label ?? (tier ? `${tier} 级` : '-')
export const tierType = (tier: number | null | undefined): TagType => find(TIERS, tier)?.type ?? 'info'
export const kindLabel = (kind: string | null | undefined) => (kind ? (find(KINDS, kind)?.label ?? kind) : '-')
export const dealerTypeLabel = (t: string | null | undefined) => (t ? (find(DEALER_TYPES, t)?.label ?? t) : '-')
export const dealerStatusLabel = (s: string) => find(DEALER_STATUSES, s)?.label ?? s
export const dealerStatusType = (s: string): TagType => find(DEALER_STATUSES, s)?.type ?? 'info'
export const applicationStatusLabel = (s: string) => find(APPLICATION_STATUSES, s)?.label ?? s
export const applicationStatusType = (s: string): TagType => find(APPLICATION_STATUSES, s)?.type ?? 'info'
export const withdrawalStatusLabel = (s: string) => find(WITHDRAWAL_STATUSES, s)?.label ?? s
export const withdrawalStatusType = (s: string): TagType => find(WITHDRAWAL_STATUSES, s)?.type ?? 'info'
export const b2bStatusLabel = (s: string, fallback?: string) => find(B2B_STATUSES, s)?.label ?? fallback ?? s
export const b2bStatusType = (s: string): TagType => find(B2B_STATUSES, s)?.type ?? 'info'
export const entryKindLabel = (k: string) => ENTRY_KINDS[k] ?? k
/** A dealer in one line: `苏州阳澄湖专卖店（一级 · 专卖店）`. */
export function dealerCaption(d: { name: string; tier: number; kind?: string | null }): string {
  const parts = [`${['', '一', '二', '三'][d.tier] ?? d.tier}级`]
  if (d.kind) parts.push(kindLabel(d.kind))
  return `${d.name}（${parts.join(' · ')}）`
}
