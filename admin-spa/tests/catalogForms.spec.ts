import { describe, expect, it } from 'vitest'
import type { CategoryNode, ItemDetail } from '@/api/models'
import { buildItemBody, checkContents, checkSpecs, emptyItemForm, itemFormFromDetail } from '@/views/catalog/items/itemForm'
import { categoryOptions } from '@/views/catalog/items/useCategoryOptions'
import { KINDS, kindMeta } from '@/views/catalog/kinds'

function detail(over: Partial<ItemDetail> = {}): ItemDetail {
  return {
    id: 7,
    kind: 'product',
    category_id: 3,
    category_name: '公蟹',
    name: '公蟹 4.0 两',
    subtitle: '',
    sku: 'CRAB-M40',
    unit: '只',
    cover_url: '/media/a.png',
    gallery: ['/media/b.png'],
    video_url: '',
    detail_html: '<p>好蟹</p>',
    retail_price: 8800,
    settlement_price: 6000,
    delivery_subsidy: 150,
    stock: 2000,
    low_stock_threshold: 100,
    is_low_stock: false,
    sort_weight: 5,
    is_on_shelf: true,
    is_recommended: false,
    specs: [{ name: '重量', value: '4.0 两' }],
    weight_g: 200,
    length_mm: null,
    width_mm: null,
    height_mm: null,
    redeem_package_id: null,
    redeem_package_name: null,
    contents: [],
    sales_count: 0,
    review_count: 0,
    rating_avg: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    deleted_at: null,
    ...over,
  }
}

describe('item form builders', () => {
  it('a new product form starts with the kind defaults and the settings defaults', () => {
    const form = emptyItemForm('product', { onShelf: true, lowStockThreshold: 10 })
    expect(form.unit).toBe('只')
    expect(form.is_on_shelf).toBe(true)
    expect(form.low_stock_threshold).toBe(10)
    expect(form.contents).toEqual([])
    expect(emptyItemForm('package').contents).toEqual([{ product_id: undefined, quantity: 1 }])
    expect(emptyItemForm('ecard').unit).toBe('张')
  })

  it('shows money in yuan and sends it back in fen exactly', () => {
    const form = itemFormFromDetail(detail())
    expect(form.retail_price).toBe('88.00')
    expect(form.settlement_price).toBe('60.00')
    expect(form.delivery_subsidy).toBe('1.50')
    form.retail_price = '19.99'
    form.settlement_price = '0.29'
    const body = buildItemBody('product', form, 'update')
    expect(body.retail_price).toBe(1999)
    expect(body.settlement_price).toBe(29)
    expect(body.delivery_subsidy).toBe(150)
  })

  it('a product body has SKU, specs, settlement price and size; no shelf flag on update', () => {
    const form = itemFormFromDetail(detail())
    form.specs.push({ name: '  ', value: '' }, { name: ' 产地 ', value: ' 阳澄湖 ' })
    form.settlement_price = ''
    const body = buildItemBody('product', form, 'update')
    expect(body).toMatchObject({ sku: 'CRAB-M40', weight_g: 200, length_mm: null, settlement_price: null })
    expect(body.specs).toEqual([
      { name: '重量', value: '4.0 两' },
      { name: '产地', value: '阳澄湖' },
    ])
    expect(body).not.toHaveProperty('is_on_shelf')
    expect(body).not.toHaveProperty('contents')
    expect(body).not.toHaveProperty('redeem_package_id')
    expect(buildItemBody('product', form, 'create').is_on_shelf).toBe(true)
  })

  it('a package body has its contents and no SKU; a card body only its package', () => {
    const pkg = emptyItemForm('package')
    Object.assign(pkg, { category_id: 9, name: '礼盒', retail_price: '598', weight_g: 3000 })
    pkg.contents = [
      { product_id: 1, quantity: 4 },
      { product_id: undefined, quantity: 1 },
      { product_id: 2, quantity: 4 },
    ]
    const body = buildItemBody('package', pkg, 'create')
    expect(body.contents).toEqual([
      { product_id: 1, quantity: 4 },
      { product_id: 2, quantity: 4 },
    ])
    expect(body.retail_price).toBe(59800)
    expect(body.weight_g).toBe(3000)
    expect(body).not.toHaveProperty('sku')
    expect(body).not.toHaveProperty('specs')

    const card = emptyItemForm('ecard')
    Object.assign(card, { category_id: 4, name: '598 电子卡', retail_price: '598.00', redeem_package_id: 12 })
    const cardBody = buildItemBody('ecard', card, 'create')
    expect(cardBody.redeem_package_id).toBe(12)
    expect(cardBody).not.toHaveProperty('weight_g')
    expect(cardBody).not.toHaveProperty('contents')
    expect(cardBody).not.toHaveProperty('sku')
  })

  it('leaves out an empty low-stock threshold (the server applies its default)', () => {
    const form = emptyItemForm('physical_card')
    expect(buildItemBody('physical_card', form, 'create')).not.toHaveProperty('low_stock_threshold')
  })

  it('reads a package detail back into rows', () => {
    const form = itemFormFromDetail(
      detail({ kind: 'package', sku: null, contents: [{ product_id: 1, product_name: '公蟹', product_sku: 'M', unit: '只', quantity: 4 }] }),
    )
    expect(form.contents).toEqual([{ product_id: 1, quantity: 4, product_name: '公蟹' }])
    expect(form.sku).toBe('')
  })
})

describe('row checks', () => {
  it('checkContents', () => {
    expect(checkContents([])).toBe('请至少选择一个内容商品')
    expect(checkContents([{ product_id: undefined, quantity: 1 }])).toBe('请至少选择一个内容商品')
    expect(checkContents([{ product_id: 1, quantity: 1 }, { product_id: undefined, quantity: 1 }])).toBe('第 2 行：请选择商品')
    expect(checkContents([{ product_id: 1, quantity: 1 }, { product_id: 1, quantity: 2 }])).toBe('第 2 行：商品重复')
    expect(checkContents([{ product_id: 1, quantity: 0 }])).toBe('第 1 行：数量须为 1-999')
    expect(checkContents([{ product_id: 1, quantity: 4 }, { product_id: 2, quantity: 4 }])).toBeNull()
  })
  it('checkSpecs', () => {
    expect(checkSpecs([{ name: '', value: '' }])).toBeNull()
    expect(checkSpecs([{ name: '重量', value: '' }])).toMatch(/名称和值都要填写/)
    expect(checkSpecs([{ name: '一二三四五六七八九十一二三四五六七', value: 'x' }])).toMatch(/16/)
    expect(checkSpecs([{ name: '重量', value: '4 两' }])).toBeNull()
  })
})

describe('kinds and category options', () => {
  it('each kind knows its API path and category scope', () => {
    expect(Object.values(KINDS).map((k) => [k.kind, k.path, k.scope])).toEqual([
      ['product', 'products', 'product'],
      ['package', 'packages', 'package'],
      ['physical_card', 'physical-cards', 'card'],
      ['ecard', 'ecards', 'card'],
    ])
    expect(() => kindMeta('nope')).toThrow()
  })

  it('builds cascader options; products may only sit in a 小类', () => {
    const cat = (id: number, name: string, parent_id: number | null = null) => ({ id, name, parent_id, scope: 'product', icon_url: '', sort_order: 0, is_visible: true, created_at: '' })
    const nodes: CategoryNode[] = [
      { category: cat(1, '大闸蟹'), children: [{ category: cat(2, '公蟹', 1), children: [] }] },
      { category: cat(3, '空大类'), children: [] },
    ]
    expect(categoryOptions(nodes, true)).toEqual([
      { value: 1, label: '大闸蟹', children: [{ value: 2, label: '公蟹' }], disabled: false },
      { value: 3, label: '空大类', disabled: true },
    ])
    expect(categoryOptions(nodes, false)[1]).toEqual({ value: 3, label: '空大类' })
  })
})
