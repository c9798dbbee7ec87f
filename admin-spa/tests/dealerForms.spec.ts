import { describe, expect, it, vi } from 'vitest'
import type { Dealer } from '@/api/models'
import { createApi, createHttpClient } from '@/api/http'
import { createIdempotencyKeeper, withKey } from '@/utils/idempotency'
import { bpToPercent, formatRate, formatZhe, percentToBp } from '@/utils/money'
import { formatFen } from '@/utils/format'
import {
  checkDealerRate,
  checkKind,
  checkParent,
  checkReason,
  dealerCreateBody,
  dealerEditFrom,
  dealerUpdateBody,
  emptyDealerForm,
  isParentAllowed,
  parentTiers,
} from '@/views/dealers/dealerForm'
import {
  applicationActions,
  b2bActions,
  checkFinanceForm,
  dealerActions,
  entriesToMark,
  financeActions,
  financeBody,
  withdrawalActions,
} from '@/views/dealers/dealerActions'
import { b2bStatusLabel, dealerCaption, entryKindLabel, entryRefLabel, kindLabel, tierLabel, withdrawalStatusLabel } from '@/views/dealers/labels'
import { errorBody, fakeAdapter, memoryTokens } from './helpers'

function dealer(over: Partial<Dealer> = {}): Dealer {
  return {
    id: 10,
    name: '苏州阳澄湖专卖店',
    contact_name: '王店长',
    phone: '13700001001',
    tier: 1,
    kind: 'flagship_store',
    dealer_type: 'offline_distributor',
    parent_id: null,
    root_id: 10,
    discount_rate_bp: 7000,
    owner_user_id: 5,
    salesperson_id: null,
    province: '江苏省',
    city: '苏州市',
    address: '',
    status: 'active',
    created_at: '2026-11-01T00:00:00Z',
    ...over,
  }
}
const FULL = { manage: true, finance: true }
const NONE = { manage: false, finance: false }

describe('dealer rate: percent ↔ basis points', () => {
  it('converts typed percent to basis points exactly', () => {
    expect(percentToBp('70')).toBe(7000)
    expect(percentToBp('72.5')).toBe(7250)
    expect(percentToBp('70.15')).toBe(7015) // 70.15 * 100 = 7015.000000000001 in floating point
    expect(percentToBp('0.01')).toBe(1)
    expect(percentToBp('100')).toBe(10000)
    expect(percentToBp('85%')).toBe(8500)
    expect(percentToBp('85.123')).toBeNull()
    expect(percentToBp('abc')).toBeNull()
  })
  it('shows basis points as percent and 折', () => {
    expect(bpToPercent(7250)).toBe('72.5')
    expect(formatRate(7000)).toBe('70%')
    expect(formatZhe(7500)).toBe('7.5 折')
  })
  it('the create body carries the rate in basis points', () => {
    const body = dealerCreateBody({ ...emptyDealerForm(), name: ' 新店 ', phone: '13700009999', rate: '72.5' })
    expect(body.discount_rate_bp).toBe(7250)
    expect(body.name).toBe('新店')
  })
  it('checks the rate and the parent rule', () => {
    expect(checkDealerRate('')).toBe('请输入折扣率')
    expect(checkDealerRate('0')).toMatch('0.01%')
    expect(checkDealerRate('100.5')).toMatch('100%')
    expect(checkDealerRate('1.234')).toMatch('最多两位小数')
    expect(checkDealerRate('75', 7000)).toBeNull()
    expect(checkDealerRate('70', 7000)).toBeNull()
    expect(checkDealerRate('69.99', 7000)).toBe('折扣率不能低于上级渠道商的 70%')
  })
})

describe('money shown in yuan', () => {
  it('formats fen', () => {
    expect(formatFen(5_000_000)).toBe('¥50,000.00')
    expect(formatFen(-1050)).toBe('-¥10.50')
    expect(formatFen(0)).toBe('¥0.00')
    expect(formatFen(null)).toBe('-')
  })
})

describe('dealer tree rules (create / move)', () => {
  it('allowed parent tiers', () => {
    expect(parentTiers(1)).toEqual([])
    expect(parentTiers(2)).toEqual([1])
    expect(parentTiers(3)).toEqual([1, 2])
  })
  it('a parent is active, of an allowed tier, and not the dealer itself or its child', () => {
    const t1 = dealer()
    const t2 = dealer({ id: 11, tier: 2, parent_id: 10, kind: null })
    const t3 = dealer({ id: 12, tier: 3, parent_id: 11, kind: null })
    expect(isParentAllowed(2, t1)).toBe(true)
    expect(isParentAllowed(2, t2)).toBe(false)
    expect(isParentAllowed(3, t2)).toBe(true)
    expect(isParentAllowed(3, t3)).toBe(false)
    expect(isParentAllowed(3, { ...t1, status: 'closed' })).toBe(false)
    expect(isParentAllowed(3, t2, t2)).toBe(false)
    expect(isParentAllowed(3, dealer({ id: 13, tier: 2, parent_id: 12 }), t3)).toBe(false)
  })
  it('kind only for tier-1, parent only below it', () => {
    const t1 = dealerCreateBody({ ...emptyDealerForm(), tier: 1, kind: 'flagship_store', parent_id: 4, rate: '70' })
    expect(t1.kind).toBe('flagship_store')
    expect(t1.parent_id).toBeNull()
    const t3 = dealerCreateBody({ ...emptyDealerForm(), tier: 3, kind: 'flagship_store', parent_id: 4, rate: '80' })
    expect(t3.kind).toBeNull()
    expect(t3.parent_id).toBe(4)
    expect(checkKind(1, '')).toBeTruthy()
    expect(checkKind(2, '')).toBeNull()
    expect(checkParent(1, undefined)).toBeNull()
    expect(checkParent(2, undefined)).toMatch('一级')
    expect(checkParent(3, 7)).toBeNull()
  })
  it('the update body holds only what changed', () => {
    const d = dealer()
    const form = dealerEditFrom(d)
    expect(form.rate).toBe('70')
    expect(dealerUpdateBody(d, form)).toEqual({})
    expect(dealerUpdateBody(d, { ...form, rate: '70.5', city: ' 昆山市 ' })).toEqual({ discount_rate_bp: 7050, city: '昆山市' })
    const t2 = dealer({ tier: 2, kind: null })
    expect(dealerUpdateBody(t2, { ...dealerEditFrom(t2), kind: 'city_partner' })).toEqual({})
  })
  it('reasons are required and bounded', () => {
    expect(checkReason('  ')).toBe('请填写原因')
    expect(checkReason('x'.repeat(129), '关闭原因')).toBe('关闭原因最多 128 个字')
    expect(checkReason('业务调整')).toBeNull()
  })
})

describe('action availability', () => {
  it('base-info actions follow dealers.manage and the dealer', () => {
    expect(dealerActions(dealer(), NONE)).toMatchObject({ edit: false, move: false, close: false, remove: false, assignSalesperson: false })
    expect(dealerActions(dealer(), FULL)).toMatchObject({ edit: true, move: false, close: true, remove: true, assignSalesperson: true })
    expect(dealerActions(dealer({ tier: 2 }), FULL)).toMatchObject({ move: true, assignSalesperson: false })
    expect(dealerActions(dealer({ status: 'closed' }), FULL)).toMatchObject({ edit: false, move: false, close: false, assignSalesperson: false })
    const busy = dealerActions(dealer(), FULL, { tier2: 1, tier3: 0, members: 0, staff: 0 })
    expect(busy.remove).toBe(false)
    expect(busy.removeHint).toMatch('下级')
    expect(dealerActions(dealer(), FULL, { tier2: 0, tier3: 0, members: 3, staff: 0 }).removeHint).toMatch('会员')
    expect(dealerActions(dealer(), FULL, { tier2: 0, tier3: 0, members: 0, staff: 1 }).removeHint).toMatch('员工')
    expect(dealerActions(dealer(), FULL, { tier2: 0, tier3: 0, members: 0, staff: 0 }).remove).toBe(true)
  })
  it('finance actions: finance.manage on an active tier-1; debt settlement only with debt', () => {
    expect(financeActions(dealer(), { credit_used: 0 }, true)).toEqual(['top_up', 'adjust', 'credit_limit'])
    expect(financeActions(dealer(), { credit_used: 100 }, true)).toEqual(['top_up', 'adjust', 'credit_limit', 'debt_settlement'])
    expect(financeActions(dealer(), { credit_used: 100 }, false)).toEqual([])
    expect(financeActions(dealer({ tier: 2 }), null, true)).toEqual([])
    expect(financeActions(dealer({ status: 'closed' }), null, true)).toEqual([])
  })
  it('withdrawals, applications and B2B orders', () => {
    expect(withdrawalActions({ status: 'requested' }, true)).toEqual(['pay', 'reject'])
    expect(withdrawalActions({ status: 'requested' }, false)).toEqual([])
    expect(withdrawalActions({ status: 'paid' }, true)).toEqual([])
    expect(applicationActions({ status: 'pending' }, true)).toEqual(['approve', 'reject'])
    expect(applicationActions({ status: 'approved' }, true)).toEqual([])
    expect(applicationActions({ status: 'pending' }, false)).toEqual([])
    expect(b2bActions({ status: 'pending_confirmation' }, FULL)).toEqual(['confirm_transfer', 'reject_transfer', 'cancel'])
    expect(b2bActions({ status: 'pending_confirmation' }, { manage: false, finance: true })).toEqual(['confirm_transfer', 'reject_transfer'])
    expect(b2bActions({ status: 'pending_payment' }, { manage: false, finance: true })).toEqual([])
    expect(b2bActions({ status: 'pending_shipment' }, FULL)).toEqual(['cancel'])
    expect(b2bActions({ status: 'cancelled' }, FULL)).toEqual([])
    expect(b2bActions({ status: 'shipped' }, FULL)).toEqual([])
  })
  it('marks only the entries whose flag changes', () => {
    const rows = [
      { id: 1, settled: true },
      { id: 2, settled: false },
      { id: 3, settled: false },
    ]
    expect(entriesToMark(rows, true)).toEqual([2, 3])
    expect(entriesToMark(rows, false)).toEqual([1])
  })
})

describe('finance dialog rules and bodies', () => {
  const acc = { stored_value: 10_000, credit_used: 5_000 }
  const form = (over = {}) => ({ amount: '', reference: '', note: '', ...over })
  it('top-up needs a positive amount and the bank reference', () => {
    expect(checkFinanceForm('top_up', form(), acc)).toEqual({ amount: '请输入充值金额', reference: '请填写银行流水号' })
    expect(checkFinanceForm('top_up', form({ amount: '0', reference: 'R1' }), acc).amount).toMatch('不能小于')
    expect(checkFinanceForm('top_up', form({ amount: '1.005', reference: 'R1' }), acc).amount).toMatch('最多两位小数')
    expect(checkFinanceForm('top_up', form({ amount: '1000.50', reference: 'R1' }), acc)).toEqual({})
    expect(financeBody('top_up', form({ amount: '1000.50', reference: ' R1 ', note: '到账' }))).toEqual({ amount: 100050, reference: 'R1', note: '到账' })
  })
  it('an adjustment is signed, non-zero, with a reason, never below zero', () => {
    expect(checkFinanceForm('adjust', form({ amount: '0', note: '更正' }), acc).amount).toBe('调账金额不能为 0')
    expect(checkFinanceForm('adjust', form({ amount: '-100.01', note: '更正' }), acc).amount).toMatch('不能为负')
    expect(checkFinanceForm('adjust', form({ amount: '-100', note: '' }), acc)).toEqual({ note: '请填写调账原因' })
    expect(financeBody('adjust', form({ amount: '-20.5', note: '更正' }))).toEqual({ amount: -2050, reason: '更正' })
  })
  it('a credit limit never goes below the debt', () => {
    expect(checkFinanceForm('credit_limit', form({ amount: '49.99', note: '调整' }), acc).amount).toMatch('已用额度 50.00')
    expect(checkFinanceForm('credit_limit', form({ amount: '50', note: '调整' }), acc)).toEqual({})
    expect(financeBody('credit_limit', form({ amount: '20000', note: '季节授信' }))).toEqual({ credit_limit: 2_000_000, note: '季节授信' })
  })
  it('a debt settlement is at most the debt', () => {
    expect(checkFinanceForm('debt_settlement', form({ amount: '50.01', reference: 'R' }), acc).amount).toMatch('不能大于 50.00')
    expect(checkFinanceForm('debt_settlement', form({ amount: '50', reference: 'R' }), acc)).toEqual({})
  })
})

describe('idempotency keys per user action', () => {
  it('reuses the key for the same submission, a new one when it changes or after reset', () => {
    let n = 0
    const keeper = createIdempotencyKeeper(() => `key-${++n}`)
    expect(keeper.keyFor({ amount: 100 })).toBe('key-1')
    expect(keeper.keyFor({ amount: 100 })).toBe('key-1') // retry of the same submission
    expect(keeper.keyFor({ amount: 200 })).toBe('key-2') // a different submission
    keeper.reset()
    expect(keeper.keyFor({ amount: 200 })).toBe('key-3') // the next action after a success
  })
  it('the http layer sends the given key, the same on a retry', async () => {
    let fail = true
    const { adapter, seen } = fakeAdapter(() => {
      if (fail) {
        fail = false
        return { status: 503, data: errorBody(503, 'UNAVAILABLE', '服务暂不可用') }
      }
      return { status: 201, data: { stored_value: 100 } }
    })
    const api = createApi(createHttpClient({ baseURL: '/api/v1', tokens: memoryTokens({ accessToken: 'A', refreshToken: 'R' }), adapter, notify: vi.fn() }))
    const keeper = createIdempotencyKeeper()
    const body = { amount: 100, reference: 'R1', note: '' }
    await expect(api.post('/admin/dealers/1/top-ups', body, withKey(keeper.keyFor(body)))).rejects.toThrow()
    await api.post('/admin/dealers/1/top-ups', body, withKey(keeper.keyFor(body)))
    expect(seen).toHaveLength(2)
    expect(seen[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
    expect(seen[1]!.idempotencyKey).toBe(seen[0]!.idempotencyKey)
  })
})

describe('dealer labels', () => {
  it('names tiers, kinds and states in Chinese', () => {
    expect(tierLabel(1)).toBe('一级渠道商')
    expect(kindLabel('city_partner')).toBe('城市合伙人')
    expect(kindLabel(null)).toBe('-')
    expect(withdrawalStatusLabel('paid')).toBe('已打款')
    expect(b2bStatusLabel('pending_confirmation')).toBe('待确认收款')
    expect(b2bStatusLabel('odd', '服务器名称')).toBe('服务器名称')
    expect(entryKindLabel('top_up')).toBe('线下充值')
    expect(entryKindLabel('new_kind')).toBe('new_kind')
    expect(entryRefLabel({ ref_type: 'top_up', ref_id: 'DEMO-BANK-001' })).toBe('银行流水 DEMO-BANK-001')
    expect(entryRefLabel({ ref_type: 'adjustment', ref_id: '' })).toBe('调账')
    expect(entryRefLabel({ ref_type: '', ref_id: '' })).toBe('-')
    expect(dealerCaption(dealer())).toBe('苏州阳澄湖专卖店（一级 · 专卖店）')
    expect(dealerCaption(dealer({ name: '昆山经销商', tier: 2, kind: null }))).toBe('昆山经销商（二级）')
  })
})
