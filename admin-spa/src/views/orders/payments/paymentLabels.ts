// Payment anomalies page: its tabs (→ which list and query), and Chinese names for payment, refund and notification states.
import type { OrderPayments, PaymentAnomalyKind } from '@/api/models'
import type { TagType } from '../labels'

export type PaymentTabName = PaymentAnomalyKind | 'rejected'

export interface PaymentTab {
  name: PaymentTabName
  label: string
  /** Which endpoint lists it. */
  source: 'anomalies' | 'rejected'
  emptyText: string
}

export const PAYMENT_TABS: PaymentTab[] = [
  { name: 'pending_too_long', label: '待支付超时', source: 'anomalies', emptyText: '没有超时未支付的记录' },
  { name: 'paid_after_close', label: '关单后支付（已自动退款）', source: 'anomalies', emptyText: '没有关单后支付的记录' },
  { name: 'rejected', label: '验签失败通知', source: 'rejected', emptyText: '没有验签失败的通知' },
]

/** The tab named in the URL (`?tab=`), the first one for anything else. */
export function tabFromQuery(value: unknown): PaymentTab {
  const name = Array.isArray(value) ? value[0] : value
  return PAYMENT_TABS.find((t) => t.name === name) ?? PAYMENT_TABS[0]
}

/** The anomalies endpoint's `kind` for a tab; null for the rejected-notifications tab. */
export function anomalyKind(tab: PaymentTab): PaymentAnomalyKind | null {
  return tab.source === 'anomalies' ? (tab.name as PaymentAnomalyKind) : null
}

type Named = { label: string; type: TagType }
const PAYMENT_STATUSES: Record<string, Named> = {
  pending: { label: '待支付', type: 'warning' },
  paid: { label: '已支付', type: 'success' },
  closed: { label: '已关闭', type: 'info' },
}
const REFUND_STATUSES: Record<string, Named> = {
  pending: { label: '待退款', type: 'warning' },
  processing: { label: '退款中', type: 'primary' },
  succeeded: { label: '退款成功', type: 'success' },
  failed: { label: '退款失败', type: 'danger' },
}
const OUTCOMES: Record<string, Named> = {
  applied: { label: '已处理', type: 'success' },
  duplicate: { label: '重复通知', type: 'info' },
  rejected: { label: '已拒绝', type: 'danger' },
}
const FLAG_REASONS: Record<string, string> = {
  paid_after_closed: '订单关闭后支付',
  paid_out_of_stock: '付款时库存不足（已自动退款）',
}

export function paymentStatusLabel(status: string | null | undefined): string {
  return status ? (PAYMENT_STATUSES[status]?.label ?? status) : '-'
}
export function paymentStatusType(status: string | null | undefined): TagType {
  return (status && PAYMENT_STATUSES[status]?.type) || 'info'
}
export function refundStatusLabel(status: string | null | undefined): string {
  return status ? (REFUND_STATUSES[status]?.label ?? status) : '-'
}
export function refundStatusType(status: string | null | undefined): TagType {
  return (status && REFUND_STATUSES[status]?.type) || 'info'
}
export function outcomeLabel(outcome: string | null | undefined): string {
  return outcome ? (OUTCOMES[outcome]?.label ?? outcome) : '-'
}
export function outcomeType(outcome: string | null | undefined): TagType {
  return (outcome && OUTCOMES[outcome]?.type) || 'info'
}
/** `paid_after_<status>` from the server → Chinese; unknown reasons as sent, none as '-'. */
export function flagReasonLabel(reason: string | null | undefined): string {
  if (!reason) return '-'
  return FLAG_REASONS[reason] ?? reason
}

/** The server may send `payment: {}` or leave it out; the card treats both as "no payment". */
export function normalizeOrderPayments(answer: Partial<OrderPayments> | null | undefined): OrderPayments {
  const p = answer?.payment
  const payment = p && typeof p === 'object' && 'id' in p && p.id ? p : null
  return { payment, refunds: answer?.refunds ?? [] }
}
