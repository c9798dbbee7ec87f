// The item form's state (what people type: yuan as text) and the API body built from it (fen). Pure: unit-tested.
import type { ItemBody, ItemDetail, ItemKind, ItemSpec } from '@/api/models'
import { fenToYuan, yuanToFen } from '@/utils/money'
import { KINDS } from '../kinds'

export interface ContentRow {
  product_id: number | undefined
  quantity: number
  /** Shown while the product list has not loaded. */
  product_name?: string | null
}

export interface ItemFormState {
  category_id: number | undefined
  name: string
  subtitle: string
  sku: string
  unit: string
  cover_url: string
  gallery: string[]
  video_url: string
  detail_html: string
  retail_price: string
  settlement_price: string
  delivery_subsidy: string
  stock: number
  low_stock_threshold: number | undefined
  sort_weight: number
  is_on_shelf: boolean
  is_recommended: boolean
  specs: ItemSpec[]
  weight_g: number | undefined
  length_mm: number | undefined
  width_mm: number | undefined
  height_mm: number | undefined
  contents: ContentRow[]
  redeem_package_id: number | undefined
}

export function emptyItemForm(kind: ItemKind, defaults: { onShelf?: boolean; lowStockThreshold?: number } = {}): ItemFormState {
  return {
    category_id: undefined,
    name: '',
    subtitle: '',
    sku: '',
    unit: KINDS[kind].defaultUnit,
    cover_url: '',
    gallery: [],
    video_url: '',
    detail_html: '',
    retail_price: '',
    settlement_price: '',
    delivery_subsidy: '0.00',
    stock: 0,
    low_stock_threshold: defaults.lowStockThreshold,
    sort_weight: 0,
    is_on_shelf: defaults.onShelf ?? false,
    is_recommended: false,
    specs: [],
    weight_g: undefined,
    length_mm: undefined,
    width_mm: undefined,
    height_mm: undefined,
    contents: KINDS[kind].hasContents ? [{ product_id: undefined, quantity: 1 }] : [],
    redeem_package_id: undefined,
  }
}

const orUndefined = (v: number | null | undefined) => (v === null || v === undefined ? undefined : v)

export function itemFormFromDetail(item: ItemDetail): ItemFormState {
  return {
    category_id: item.category_id,
    name: item.name,
    subtitle: item.subtitle ?? '',
    sku: item.sku ?? '',
    unit: item.unit,
    cover_url: item.cover_url ?? '',
    gallery: [...(item.gallery ?? [])],
    video_url: item.video_url ?? '',
    detail_html: item.detail_html ?? '',
    retail_price: fenToYuan(item.retail_price),
    settlement_price: fenToYuan(item.settlement_price),
    delivery_subsidy: fenToYuan(item.delivery_subsidy),
    stock: item.stock,
    low_stock_threshold: item.low_stock_threshold,
    sort_weight: item.sort_weight,
    is_on_shelf: item.is_on_shelf,
    is_recommended: item.is_recommended,
    specs: (item.specs ?? []).map((s) => ({ name: String(s.name ?? ''), value: String(s.value ?? '') })),
    weight_g: orUndefined(item.weight_g),
    length_mm: orUndefined(item.length_mm),
    width_mm: orUndefined(item.width_mm),
    height_mm: orUndefined(item.height_mm),
    contents: (item.contents ?? []).map((c) => ({ product_id: c.product_id, quantity: c.quantity, product_name: c.product_name })),
    redeem_package_id: orUndefined(item.redeem_package_id),
  }
}

/**
 * The create/update body for a kind: only the fields that kind has; money in fen; empty optional numbers as null.
 * `is_on_shelf` is only part of a create (an existing item goes on / off shelf through the shelf endpoint).
 */
export function buildItemBody(kind: ItemKind, form: ItemFormState, mode: 'create' | 'update'): ItemBody {
  const meta = KINDS[kind]
  const body: ItemBody = {
    category_id: form.category_id as number,
    name: form.name.trim(),
    subtitle: form.subtitle.trim(),
    unit: form.unit.trim(),
    cover_url: form.cover_url,
    gallery: form.gallery.filter(Boolean),
    video_url: form.video_url,
    detail_html: form.detail_html,
    retail_price: yuanToFen(form.retail_price) as number,
    delivery_subsidy: yuanToFen(form.delivery_subsidy) ?? 0,
    stock: form.stock,
    sort_weight: form.sort_weight,
    is_recommended: form.is_recommended,
  }
  if (form.low_stock_threshold !== undefined && form.low_stock_threshold !== null) body.low_stock_threshold = form.low_stock_threshold
  if (mode === 'create') body.is_on_shelf = form.is_on_shelf
  if (meta.hasSku) {
    body.sku = form.sku.trim()
    body.settlement_price = yuanToFen(form.settlement_price)
    body.specs = form.specs.map((s) => ({ name: s.name.trim(), value: s.value.trim() })).filter((s) => s.name || s.value)
  }
  if (meta.hasShipping) {
    body.weight_g = form.weight_g ?? null
    body.length_mm = form.length_mm ?? null
    body.width_mm = form.width_mm ?? null
    body.height_mm = form.height_mm ?? null
  }
  if (meta.hasContents) {
    body.contents = form.contents
      .filter((c) => c.product_id !== undefined)
      .map((c) => ({ product_id: c.product_id as number, quantity: c.quantity }))
  }
  if (meta.hasRedeemPackage) body.redeem_package_id = form.redeem_package_id ?? null
  return body
}

/** Client checks of the package contents: at least one product, no product twice. */
export function checkContents(rows: readonly ContentRow[]): string | null {
  const chosen = rows.filter((r) => r.product_id !== undefined)
  if (chosen.length === 0) return '请至少选择一个内容商品'
  const ids = new Set<number>()
  for (const [index, row] of rows.entries()) {
    if (row.product_id === undefined) return `第 ${index + 1} 行：请选择商品`
    if (ids.has(row.product_id)) return `第 ${index + 1} 行：商品重复`
    ids.add(row.product_id)
    if (!Number.isInteger(row.quantity) || row.quantity < 1 || row.quantity > 999) return `第 ${index + 1} 行：数量须为 1-999`
  }
  return null
}

/** Client check of the spec rows: both name and value, within the server's lengths. */
export function checkSpecs(rows: readonly ItemSpec[]): string | null {
  for (const [index, row] of rows.entries()) {
    const name = row.name.trim()
    const value = row.value.trim()
    if (!name && !value) continue
    if (!name || !value) return `第 ${index + 1} 行规格：名称和值都要填写`
    if (name.length > 16) return `第 ${index + 1} 行规格：名称最多 16 个字`
    if (value.length > 64) return `第 ${index + 1} 行规格：值最多 64 个字`
  }
  return null
}
