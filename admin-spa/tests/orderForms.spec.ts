import { describe, expect, it } from 'vitest'
import type { FreightTemplate } from '@/api/models'
import {
  PROVINCES,
  buildTemplateBody,
  checkRegion,
  emptyRule,
  emptyTemplateForm,
  gramsToKg,
  kgToGrams,
  normalizeRegion,
  regionsText,
  templateFormFrom,
  validateRules,
  type RuleRow,
} from '@/views/orders/freight/freightForm'
import { approveAmount, caseActionButtons, checkCaseNote } from '@/views/orders/aftersales/caseActions'
import { caseStatusLabel, orderStatusLabel, orderStatusType } from '@/views/orders/labels'

function rule(over: Partial<RuleRow> = {}): RuleRow {
  return { ...emptyRule(), first_weight_kg: '1', first_price: '12', additional_weight_kg: '1', additional_price: '5', ...over }
}

describe('kg ↔ g', () => {
  it('converts kilograms to grams exactly (no float drift)', () => {
    expect(kgToGrams('1')).toBe(1000)
    expect(kgToGrams('1.1')).toBe(1100)
    expect(kgToGrams('0.001')).toBe(1)
    expect(kgToGrams('2.345')).toBe(2345)
    expect(kgToGrams('4.35')).toBe(4350) // 4.35 * 1000 = 4349.999… in floating point
    expect(kgToGrams('1.10')).toBe(1100)
    expect(kgToGrams(' 3 ')).toBe(3000)
  })
  it('refuses what is not a weight', () => {
    expect(kgToGrams('')).toBeNull()
    expect(kgToGrams('1.2345')).toBeNull() // below a gram
    expect(kgToGrams('abc')).toBeNull()
    expect(kgToGrams(null)).toBeNull()
  })
  it('shows grams as kilograms', () => {
    expect(gramsToKg(1000)).toBe('1')
    expect(gramsToKg(1250)).toBe('1.25')
    expect(gramsToKg(1)).toBe('0.001')
    expect(gramsToKg(4350)).toBe('4.35')
    expect(gramsToKg(null)).toBe('')
  })
  it('round-trips every gram value', () => {
    for (const g of [1, 9, 10, 99, 100, 999, 1000, 1001, 12345, 1_000_000]) expect(kgToGrams(gramsToKg(g))).toBe(g)
  })
})

describe('regions', () => {
  it('has the 34 provincial-level divisions, once each', () => {
    expect(PROVINCES).toHaveLength(34)
    expect(new Set(PROVINCES).size).toBe(34)
  })
  it('accepts a province or province/city', () => {
    expect(checkRegion('江苏省')).toBeNull()
    expect(checkRegion('江苏省/苏州市')).toBeNull()
    expect(checkRegion('苏州市')).toMatch(/不是省级地区/)
    expect(checkRegion('江苏省/苏')).toMatch(/格式不正确/)
    expect(checkRegion('江苏省/苏州市/相城区')).toMatch(/格式不正确/)
    expect(normalizeRegion(' 江苏省 ／ 苏州市 ')).toBe('江苏省/苏州市')
  })
  it('reads a rule without regions as everywhere else', () => {
    expect(regionsText([])).toBe('其他地区')
    expect(regionsText(['江苏省', '浙江省'])).toBe('江苏省、浙江省')
    expect(regionsText(['北京市', '天津市', '上海市'], 2)).toBe('北京市、天津市 等 3 个地区')
  })
})

describe('rule table validation', () => {
  it('passes a proper table', () => {
    const result = validateRules([rule({ regions: ['江苏省', '浙江省'] }), rule({ regions: ['江苏省/苏州市'] }), rule({ regions: [] })])
    expect(result.hasErrors).toBe(false)
  })
  it('finds a region in two rules', () => {
    const result = validateRules([rule({ regions: ['江苏省'] }), rule({ regions: ['浙江省', '江苏省'] })])
    expect(result.hasErrors).toBe(true)
    expect(result.rows[1]?.regions).toBe('「江苏省」已在第 1 条规则中')
    expect(result.rows[0]).toBeUndefined()
  })
  it('finds a region twice in one rule (also when typed differently)', () => {
    const result = validateRules([rule({ regions: ['江苏省/苏州市', '江苏省／苏州市'] })])
    expect(result.rows[0]?.regions).toBe('「江苏省/苏州市」重复了')
  })
  it('allows a single "everywhere else" rule only', () => {
    const result = validateRules([rule({ regions: [] }), rule({ regions: ['上海市'] }), rule({ regions: [] })])
    expect(result.hasErrors).toBe(true)
    expect(result.rows[0]?.regions).toMatch(/只能有一条/)
    expect(result.rows[2]?.regions).toMatch(/只能有一条/)
    expect(result.general[0]).toMatch(/第 1、3 条/)
  })
  it('checks weights and prices per row', () => {
    const result = validateRules([rule({ regions: ['上海市'], first_weight_kg: '0', first_price: '12.345', additional_weight_kg: '', additional_price: '-1' })])
    expect(result.rows[0]).toEqual({
      first_weight_kg: '首重至少 0.001 千克',
      first_price: '首重运费格式不正确（最多两位小数）',
      additional_weight_kg: '请输入续重',
      additional_price: '续重运费不能小于 0.00 元',
    })
  })
  it('needs at least one rule', () => {
    expect(validateRules([]).general).toEqual(['至少需要一条运费规则'])
  })
})

describe('template form ↔ body', () => {
  const template: FreightTemplate = {
    id: 3,
    name: '顺丰冷链',
    is_default: true,
    free_threshold: 100000,
    volumetric_divisor: 6000,
    updated_at: '2026-11-23T12:00:00Z',
    rules: [
      { id: 1, regions: ['江苏省'], first_weight_g: 1000, first_price: 1200, additional_weight_g: 500, additional_price: 250, is_remote: false },
      { id: 2, regions: [], first_weight_g: 1500, first_price: 1800, additional_weight_g: 1000, additional_price: 800, is_remote: true },
    ],
  }
  it('shows kg and yuan, and sends grams and fen back unchanged', () => {
    const form = templateFormFrom(template)
    expect(form.free_threshold).toBe('1000.00')
    expect(form.rules[0]).toMatchObject({ first_weight_kg: '1', first_price: '12.00', additional_weight_kg: '0.5', additional_price: '2.50' })
    expect(buildTemplateBody(form)).toEqual({
      name: '顺丰冷链',
      is_default: true,
      free_threshold: 100000,
      volumetric_divisor: 6000,
      rules: template.rules.map(({ id: _id, ...r }) => r),
    })
  })
  it('sends no threshold when the box is empty', () => {
    const form = { ...emptyTemplateForm(), name: ' 测试 ', rules: [rule({ regions: ['上海市'], first_weight_kg: '4.35', first_price: '19.99' })] }
    const body = buildTemplateBody(form)
    expect(body.free_threshold).toBeNull()
    expect(body.name).toBe('测试')
    expect(body.rules[0]).toMatchObject({ first_weight_g: 4350, first_price: 1999, additional_weight_g: 1000, additional_price: 500 })
  })
})

describe('after-sales actions', () => {
  it('draws the buttons from allowed_actions, in a fixed order', () => {
    expect(caseActionButtons(['reject', 'approve', 'ask_buyer'], true).map((b) => b.label)).toEqual(['同意退款', '要求买家处理', '拒绝'])
    expect(caseActionButtons(['approve'], true).map((b) => b.action)).toEqual(['approve'])
    expect(caseActionButtons([], true)).toEqual([])
  })
  it('ignores unknown actions and shows nothing without aftersales.manage', () => {
    expect(caseActionButtons(['withdraw', 'reject'], true).map((b) => b.action)).toEqual(['reject'])
    expect(caseActionButtons(['approve', 'reject'], false)).toEqual([])
    expect(caseActionButtons(undefined, true)).toEqual([])
  })
  it('takes an optional lower amount in yuan', () => {
    expect(approveAmount('', 1000)).toEqual({ amount: null, error: null })
    expect(approveAmount('8', 1000)).toEqual({ amount: 800, error: null })
    expect(approveAmount('0.01', 1000)).toEqual({ amount: 1, error: null })
    expect(approveAmount('10.00', 1000)).toEqual({ amount: null, error: null }) // the amount asked: sent as default
    expect(approveAmount('10.01', 1000).error).toBe('退款金额不能大于 10.00 元')
    expect(approveAmount('0', 1000).error).toBe('退款金额不能小于 0.01 元')
    expect(approveAmount('1.234', 1000).error).toMatch(/最多两位小数/)
  })
  it('needs a note to reject or ask the buyer', () => {
    expect(checkCaseNote('approve', '')).toBeNull()
    expect(checkCaseNote('reject', '  ')).toBe('请填写拒绝原因')
    expect(checkCaseNote('ask_buyer', '')).toBe('请说明需要买家做什么')
    expect(checkCaseNote('reject', '已超过售后期')).toBeNull()
    expect(checkCaseNote('reject', 'x'.repeat(201))).toBe('最多 200 个字')
  })
})

describe('labels', () => {
  it('names states, falling back to the server name', () => {
    expect(orderStatusLabel('pending_shipment')).toBe('待发货')
    expect(orderStatusType('completed')).toBe('success')
    expect(orderStatusLabel('new_state', '新状态')).toBe('新状态')
    expect(caseStatusLabel('refunded')).toBe('已退款')
  })
})
