// Member level form: the rate typed as a percent, the spend condition in yuan; the API wants basis points and fen.
import type { MemberLevel, MemberLevelBody } from '@/api/models'
import { bpToPercent, fenToYuan, percentToBp, yuanToFen } from '@/utils/money'

export interface LevelFormState {
  name: string
  /** percent, e.g. "95" or "92.5" */
  rate: string
  sort_order: number
  /** yuan; '' = no spend condition */
  min_spend: string
  /** '' = no order-count condition */
  min_orders: string
  is_default: boolean
}

export function emptyLevelForm(nextSort = 0): LevelFormState {
  return { name: '', rate: '100', sort_order: nextSort, min_spend: '', min_orders: '', is_default: false }
}

export function levelFormFrom(level: MemberLevel): LevelFormState {
  return {
    name: level.name,
    rate: bpToPercent(level.discount_rate_bp),
    sort_order: level.sort_order,
    min_spend: level.upgrade_min_spend === null ? '' : fenToYuan(level.upgrade_min_spend),
    min_orders: level.upgrade_min_orders === null ? '' : String(level.upgrade_min_orders),
    is_default: level.is_default,
  }
}

export function buildLevelBody(form: LevelFormState): MemberLevelBody {
  const orders = form.min_orders.trim()
  return {
    name: form.name.trim(),
    discount_rate_bp: percentToBp(form.rate) as number,
    sort_order: form.sort_order,
    is_default: form.is_default,
    upgrade_min_spend: form.min_spend.trim() ? yuanToFen(form.min_spend) : null,
    upgrade_min_orders: orders ? Number(orders) : null,
  }
}

/** How the upgrade conditions read in the list: "累计消费满 ¥1,000.00 或 订单满 5 笔". */
export function describeUpgrade(level: Pick<MemberLevel, 'upgrade_min_spend' | 'upgrade_min_orders'>): string {
  const parts: string[] = []
  if (level.upgrade_min_spend !== null && level.upgrade_min_spend !== undefined) parts.push(`累计消费满 ¥${fenToYuan(level.upgrade_min_spend)}`)
  if (level.upgrade_min_orders !== null && level.upgrade_min_orders !== undefined) parts.push(`订单满 ${level.upgrade_min_orders} 笔`)
  return parts.length ? parts.join(' 或 ') : '不自动升级'
}
