// The dealer forms (create, edit, move) as pure functions: tree rules, the rate typed in percent → basis points,
// and the bodies sent. Pure, unit-tested. The server stays the authority (it also checks the lowest member-level rate).
import type { Dealer, DealerCreateBody, DealerUpdateBody } from '@/api/models'
import { bpToPercent, checkPercent, percentToBp } from '@/utils/money'

export interface DealerFormState {
  name: string
  contact_name: string
  phone: string
  tier: number
  kind: string
  dealer_type: string
  parent_id: number | undefined
  /** percent as typed ("70" = 70 % = 7000 bp) */
  rate: string
  province: string
  city: string
  address: string
}

export function emptyDealerForm(): DealerFormState {
  return {
    name: '',
    contact_name: '',
    phone: '',
    tier: 1,
    kind: 'city_partner',
    dealer_type: 'offline_distributor',
    parent_id: undefined,
    rate: '',
    province: '',
    city: '',
    address: '',
  }
}

/** Which tiers may be the parent of a dealer of `tier` (tier-1 hangs under the platform). */
export function parentTiers(tier: number): number[] {
  if (tier === 2) return [1]
  if (tier === 3) return [1, 2]
  return []
}

/** A parent must be active and of an allowed tier (and not the dealer itself or below it, for a move). */
export function isParentAllowed(tier: number, parent: Pick<Dealer, 'id' | 'tier' | 'status' | 'root_id' | 'parent_id'>, self?: Pick<Dealer, 'id'>): boolean {
  if (!parentTiers(tier).includes(parent.tier)) return false
  if (parent.status !== 'active') return false
  if (self && (parent.id === self.id || parent.parent_id === self.id)) return false
  return true
}

/**
 * The rate rule the console can check: between 0.01 % and 100 %, and not below the parent's rate (a parent buys at
 * least as cheaply as its children). The lowest member-level rate is checked by the server.
 */
export function checkDealerRate(rate: string, parentRateBp?: number | null): string | null {
  const problem = checkPercent(rate, '折扣率')
  if (problem) return problem
  const bp = percentToBp(rate)!
  if (parentRateBp !== undefined && parentRateBp !== null && bp < parentRateBp) return `折扣率不能低于上级渠道商的 ${bpToPercent(parentRateBp)}%`
  return null
}

export function checkParent(tier: number, parentId: number | undefined): string | null {
  if (tier === 1) return null
  return parentId ? null : tier === 2 ? '请选择上级一级渠道商' : '请选择上级渠道商（一级或二级）'
}

export function checkKind(tier: number, kind: string): string | null {
  return tier === 1 && !kind ? '请选择一级渠道商类型' : null
}

/** POST /admin/dealers body: kind only for tier-1, parent only below it, rate as basis points, text trimmed. */
export function dealerCreateBody(form: DealerFormState): DealerCreateBody {
  const tier = form.tier as 1 | 2 | 3
  return {
    name: form.name.trim(),
    contact_name: form.contact_name.trim(),
    phone: form.phone.trim(),
    tier,
    kind: tier === 1 ? (form.kind as DealerCreateBody['kind']) : null,
    dealer_type: form.dealer_type as DealerCreateBody['dealer_type'],
    parent_id: tier === 1 ? null : (form.parent_id ?? null),
    discount_rate_bp: percentToBp(form.rate) ?? 0,
    province: form.province.trim(),
    city: form.city.trim(),
    address: form.address.trim(),
  }
}

export interface DealerEditState {
  name: string
  contact_name: string
  kind: string
  dealer_type: string
  rate: string
  province: string
  city: string
  address: string
}

export function dealerEditFrom(d: Dealer): DealerEditState {
  return {
    name: d.name,
    contact_name: d.contact_name ?? '',
    kind: d.kind ?? '',
    dealer_type: d.dealer_type,
    rate: bpToPercent(d.discount_rate_bp),
    province: d.province ?? '',
    city: d.city ?? '',
    address: d.address ?? '',
  }
}

/** PUT body with only what changed (kind only for a tier-1). */
export function dealerUpdateBody(d: Dealer, form: DealerEditState): DealerUpdateBody {
  const body: DealerUpdateBody = {}
  const text = ['name', 'contact_name', 'province', 'city', 'address'] as const
  for (const key of text) {
    const value = form[key].trim()
    if (value !== (d[key] ?? '')) body[key] = value
  }
  if (form.dealer_type !== d.dealer_type) body.dealer_type = form.dealer_type as DealerUpdateBody['dealer_type']
  if (d.tier === 1 && form.kind && form.kind !== d.kind) body.kind = form.kind as DealerUpdateBody['kind']
  const bp = percentToBp(form.rate)
  if (bp !== null && bp !== d.discount_rate_bp) body.discount_rate_bp = bp
  return body
}

/** A reason (close, move, reject, cancel): required, at most `max` characters. */
export function checkReason(value: string, label = '原因', max = 128): string | null {
  const text = (value ?? '').trim()
  if (!text) return `请填写${label}`
  if (text.length > max) return `${label}最多 ${max} 个字`
  return null
}
