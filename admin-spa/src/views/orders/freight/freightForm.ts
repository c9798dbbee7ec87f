// The freight template form: rule table state (weights in kg, prices in yuan as typed) ↔ the API body (grams, fen),
// with the client rules the server also applies (one region in one rule only, one "everywhere else" rule).
// Pure, unit-tested.
import type { FreightTemplate, FreightTemplateBody } from '@/api/models'
import { checkYuan, fenToYuan, formatScaled, parseScaled, yuanToFen } from '@/utils/money'

/** The 34 provincial-level divisions, as the addresses spell them. */
export const PROVINCES = [
  '北京市',
  '天津市',
  '上海市',
  '重庆市',
  '河北省',
  '山西省',
  '辽宁省',
  '吉林省',
  '黑龙江省',
  '江苏省',
  '浙江省',
  '安徽省',
  '福建省',
  '江西省',
  '山东省',
  '河南省',
  '湖北省',
  '湖南省',
  '广东省',
  '海南省',
  '四川省',
  '贵州省',
  '云南省',
  '陕西省',
  '甘肃省',
  '青海省',
  '台湾省',
  '内蒙古自治区',
  '广西壮族自治区',
  '西藏自治区',
  '宁夏回族自治区',
  '新疆维吾尔自治区',
  '香港特别行政区',
  '澳门特别行政区',
] as const

const PROVINCE_SET = new Set<string>(PROVINCES)
export const MAX_WEIGHT_G = 1_000_000
export const MAX_PRICE_FEN = 10_000_000
export const DEFAULT_DIVISOR = 6000

/** "1.25" kg → 1250 g exactly (string parsing, at most three decimals); null when empty or invalid. */
export function kgToGrams(kg: string | number | null | undefined): number | null {
  return parseScaled(kg, 3)
}

/** 1250 g → "1.25" kg (trailing zeros dropped); '' for nothing. */
export function gramsToKg(grams: number | null | undefined): string {
  if (grams === null || grams === undefined || Number.isNaN(grams)) return ''
  return formatScaled(grams, 3, true)
}

/** "江苏省" or "江苏省/苏州市" with a known province; null when fine, else the message. */
export function checkRegion(region: string): string | null {
  const [province = '', city, ...rest] = region.split('/')
  if (!PROVINCE_SET.has(province.trim())) return `「${region}」不是省级地区（城市请写成“江苏省/苏州市”）`
  if (rest.length > 0 || (city !== undefined && city.trim().length < 2)) return `「${region}」格式不正确，应为“省/市”`
  return null
}

/** Tidies what the person typed: full-width slash, spaces. */
export function normalizeRegion(region: string): string {
  return region
    .replace(/／/g, '/')
    .split('/')
    .map((p) => p.trim())
    .join('/')
}

export interface RuleRow {
  /** Local key for the table (not sent). */
  key: number
  regions: string[]
  first_weight_kg: string
  first_price: string
  additional_weight_kg: string
  additional_price: string
  is_remote: boolean
}

export interface TemplateFormState {
  name: string
  is_default: boolean
  /** Yuan; empty = never free. */
  free_threshold: string
  volumetric_divisor: number
  rules: RuleRow[]
}

let nextKey = 1
export function emptyRule(regions: string[] = []): RuleRow {
  return { key: nextKey++, regions, first_weight_kg: '1', first_price: '', additional_weight_kg: '1', additional_price: '', is_remote: false }
}

export function emptyTemplateForm(): TemplateFormState {
  return { name: '', is_default: false, free_threshold: '', volumetric_divisor: DEFAULT_DIVISOR, rules: [emptyRule()] }
}

export function templateFormFrom(t: FreightTemplate): TemplateFormState {
  return {
    name: t.name,
    is_default: t.is_default,
    free_threshold: t.free_threshold === null ? '' : fenToYuan(t.free_threshold),
    volumetric_divisor: t.volumetric_divisor || DEFAULT_DIVISOR,
    rules: t.rules.map((r) => ({
      key: nextKey++,
      regions: [...r.regions],
      first_weight_kg: gramsToKg(r.first_weight_g),
      first_price: fenToYuan(r.first_price),
      additional_weight_kg: gramsToKg(r.additional_weight_g),
      additional_price: fenToYuan(r.additional_price),
      is_remote: r.is_remote,
    })),
  }
}

export type RuleField = 'regions' | 'first_weight_kg' | 'first_price' | 'additional_weight_kg' | 'additional_price'
export interface RuleErrors {
  /** Messages about the table as a whole. */
  general: string[]
  /** Row index → field → message. */
  rows: Record<number, Partial<Record<RuleField, string>>>
}

function checkKg(value: string, label: string): string | null {
  if (!value || !String(value).trim()) return `请输入${label}`
  const g = kgToGrams(value)
  if (g === null) return `${label}格式不正确（千克，最多三位小数）`
  if (g < 1) return `${label}至少 0.001 千克`
  if (g > MAX_WEIGHT_G) return `${label}不能超过 1000 千克`
  return null
}

/** Client rules for the rule table; `hasErrors` tells whether anything is wrong. */
export function validateRules(rules: readonly RuleRow[]): RuleErrors & { hasErrors: boolean } {
  const errors: RuleErrors = { general: [], rows: {} }
  const put = (i: number, field: RuleField, msg: string) => {
    const row = (errors.rows[i] ??= {})
    if (!row[field]) row[field] = msg
  }
  if (rules.length === 0) errors.general.push('至少需要一条运费规则')
  const seen = new Map<string, number>()
  const everywhere: number[] = []
  rules.forEach((rule, i) => {
    if (rule.regions.length === 0) everywhere.push(i)
    for (const raw of rule.regions) {
      const region = normalizeRegion(raw)
      const bad = checkRegion(region)
      if (bad) put(i, 'regions', bad)
      const first = seen.get(region)
      if (first !== undefined) {
        put(i, 'regions', first === i ? `「${region}」重复了` : `「${region}」已在第 ${first + 1} 条规则中`)
      } else {
        seen.set(region, i)
      }
    }
    const fw = checkKg(rule.first_weight_kg, '首重')
    if (fw) put(i, 'first_weight_kg', fw)
    const aw = checkKg(rule.additional_weight_kg, '续重')
    if (aw) put(i, 'additional_weight_kg', aw)
    const fp = checkYuan(rule.first_price, { required: true, minFen: 0, maxFen: MAX_PRICE_FEN, label: '首重运费' })
    if (fp) put(i, 'first_price', fp)
    const ap = checkYuan(rule.additional_price, { required: true, minFen: 0, maxFen: MAX_PRICE_FEN, label: '续重运费' })
    if (ap) put(i, 'additional_price', ap)
  })
  if (everywhere.length > 1) {
    for (const i of everywhere) put(i, 'regions', '只能有一条“其他地区”规则（不选地区）')
    errors.general.push(`第 ${everywhere.map((i) => i + 1).join('、')} 条都没有选地区：只能有一条“其他地区”规则`)
  }
  return { ...errors, hasErrors: errors.general.length > 0 || Object.keys(errors.rows).length > 0 }
}

/** The API body (call after validateRules passed). */
export function buildTemplateBody(form: TemplateFormState): FreightTemplateBody {
  const threshold = form.free_threshold.trim() ? yuanToFen(form.free_threshold) : null
  return {
    name: form.name.trim(),
    is_default: form.is_default,
    free_threshold: threshold,
    volumetric_divisor: form.volumetric_divisor,
    rules: form.rules.map((r) => ({
      regions: r.regions.map(normalizeRegion),
      first_weight_g: kgToGrams(r.first_weight_kg)!,
      first_price: yuanToFen(r.first_price)!,
      additional_weight_g: kgToGrams(r.additional_weight_kg)!,
      additional_price: yuanToFen(r.additional_price)!,
      is_remote: r.is_remote,
    })),
  }
}

/** "江苏省、浙江省 …" for a list cell; the rule without regions reads 其他地区. */
export function regionsText(regions: readonly string[], max = 6): string {
  if (regions.length === 0) return '其他地区'
  const shown = regions.slice(0, max).join('、')
  return regions.length > max ? `${shown} 等 ${regions.length} 个地区` : shown
}

/** One rule as a sentence: "首重 1 千克 ¥12.00，续重每 1 千克 ¥5.00". */
export function ruleSummary(r: { first_weight_g: number; first_price: number; additional_weight_g: number; additional_price: number }): string {
  return `首重 ${gramsToKg(r.first_weight_g)} 千克 ¥${fenToYuan(r.first_price)}，续重每 ${gramsToKg(r.additional_weight_g)} 千克 ¥${fenToYuan(r.additional_price)}`
}
