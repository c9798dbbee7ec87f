// Chinese names and tag colours for order and after-sales states (the server's names are in status_name too).
export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export const ORDER_STATUSES: { value: string; label: string; type: TagType }[] = [
  { value: 'pending_payment', label: '待付款', type: 'warning' },
  { value: 'pending_shipment', label: '待发货', type: 'primary' },
  { value: 'partially_shipped', label: '部分发货', type: 'primary' },
  { value: 'shipped', label: '待收货', type: 'primary' },
  { value: 'completed', label: '已完成', type: 'success' },
  { value: 'closed', label: '已关闭', type: 'info' },
]

export const ORDER_TYPES: Record<string, string> = {
  package: '套餐订单',
  physical_card: '实体卡订单',
  ecard: '电子卡订单',
  redemption: '提货订单',
  b2b: 'B2B 订单',
}

export const ORDER_EVENT_ACTIONS: Record<string, string> = {
  create: '提交订单',
  pay: '付款',
  cancel: '取消订单',
  auto_close: '超时关闭',
  ship_part: '部分发货',
  ship_all: '发货',
  confirm_receipt: '确认收货',
  auto_confirm: '自动确认收货',
  refund_all: '全额退款关闭',
}

export const ACTOR_TYPES: Record<string, string> = { user: '买家', admin: '管理员', system: '系统' }

export const CASE_STATUSES: { value: string; label: string; type: TagType }[] = [
  { value: 'awaiting_merchant', label: '待商家处理', type: 'warning' },
  { value: 'awaiting_buyer', label: '待买家处理', type: 'primary' },
  { value: 'refunding', label: '退款中', type: 'primary' },
  { value: 'refunded', label: '已退款', type: 'success' },
  { value: 'closed', label: '已关闭', type: 'info' },
]

export const CASE_KINDS: Record<string, string> = { refund_only: '仅退款', return_refund: '退货退款' }

export const CASE_EVENT_ACTIONS: Record<string, string> = {
  open: '买家申请',
  approve: '同意退款',
  reject: '拒绝',
  ask_buyer: '要求买家处理',
  buyer_reply: '买家回复',
  withdraw: '撤销申请',
  refund_succeeded: '退款成功',
  refund_failed: '退款失败',
}

function find(list: { value: string; label: string; type: TagType }[], value: string) {
  return list.find((s) => s.value === value)
}

export function orderStatusLabel(status: string, fallback?: string): string {
  return find(ORDER_STATUSES, status)?.label ?? fallback ?? status
}
export function orderStatusType(status: string): TagType {
  return find(ORDER_STATUSES, status)?.type ?? 'info'
}
export function caseStatusLabel(status: string, fallback?: string): string {
  return find(CASE_STATUSES, status)?.label ?? fallback ?? status
}
export function caseStatusType(status: string): TagType {
  return find(CASE_STATUSES, status)?.type ?? 'info'
}
