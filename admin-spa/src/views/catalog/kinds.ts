// What differs between the four sellable kinds in the console: names, routes, category scope, form sections.
import type { CategoryScope, ItemKind } from '@/api/models'

export interface KindMeta {
  kind: ItemKind
  label: string
  /** URL segment of the console pages (matches the API's). */
  path: string
  scope: CategoryScope
  defaultUnit: string
  /** Product: SKU, specs, settlement price. */
  hasSku: boolean
  /** Product and package: weight and dimensions. */
  hasShipping: boolean
  /** Package: its content products. */
  hasContents: boolean
  /** Cards: the package they redeem for. */
  hasRedeemPackage: boolean
}

export const KINDS: Record<ItemKind, KindMeta> = {
  product: { kind: 'product', label: '商品', path: 'products', scope: 'product', defaultUnit: '只', hasSku: true, hasShipping: true, hasContents: false, hasRedeemPackage: false },
  package: { kind: 'package', label: '现货套餐', path: 'packages', scope: 'package', defaultUnit: '盒', hasSku: false, hasShipping: true, hasContents: true, hasRedeemPackage: false },
  physical_card: { kind: 'physical_card', label: '实体提货卡', path: 'physical-cards', scope: 'card', defaultUnit: '张', hasSku: false, hasShipping: false, hasContents: false, hasRedeemPackage: true },
  ecard: { kind: 'ecard', label: '电子卡', path: 'ecards', scope: 'card', defaultUnit: '张', hasSku: false, hasShipping: false, hasContents: false, hasRedeemPackage: true },
}

export const KIND_LABELS: Record<string, string> = Object.fromEntries(Object.values(KINDS).map((k) => [k.kind, k.label]))

export function kindMeta(kind: string): KindMeta {
  const meta = KINDS[kind as ItemKind]
  if (!meta) throw new Error(`unknown item kind ${kind}`)
  return meta
}

export const SCOPE_LABELS: Record<CategoryScope, string> = { product: '商品分类', package: '套餐分类', card: '提货卡分类' }
