import { api } from './http'
import type {
  Category,
  CategoryInput,
  CategoryNode,
  CategoryScope,
  CategoryUpdate,
  Item,
  ItemBody,
  ItemDetail,
  ItemKind,
  ItemListQuery,
  ItemUpdateBody,
  Media,
  MediaListQuery,
  Page,
  PricePreview,
  StockSummary,
} from './models'

// ---- categories ----

export async function getCategoryTree(scope: CategoryScope) {
  return (await api.get<{ items: CategoryNode[] }>('/admin/catalog/categories', { scope })).items
}

export function createCategory(body: CategoryInput) {
  return api.post<Category>('/admin/catalog/categories', body)
}

export function updateCategory(id: number, body: CategoryUpdate) {
  return api.put<Category>(`/admin/catalog/categories/${id}`, body)
}

/** Refused (409) while the category has sub-categories or items (recycle bin included); the message says which. */
export function deleteCategory(id: number) {
  return api.delete(`/admin/catalog/categories/${id}`)
}

// ---- items ----

/** The URL segment of each kind's create / update endpoints. */
export const KIND_PATHS: Record<ItemKind, string> = {
  product: 'products',
  package: 'packages',
  physical_card: 'physical-cards',
  ecard: 'ecards',
}

export function listItems(query: ItemListQuery) {
  return api.get<Page<Item>>('/admin/catalog/items', query)
}

export function exportItems(query: Omit<ItemListQuery, 'page' | 'page_size'>) {
  return api.download('/admin/catalog/items/export', query, '商品列表.xlsx')
}

export function getItem(id: number) {
  return api.get<ItemDetail>(`/admin/catalog/items/${id}`)
}

export function createItem(kind: ItemKind, body: ItemBody) {
  return api.post<ItemDetail>(`/admin/catalog/${KIND_PATHS[kind]}`, body)
}

export function updateItem(kind: ItemKind, id: number, body: ItemUpdateBody) {
  return api.put<ItemDetail>(`/admin/catalog/${KIND_PATHS[kind]}/${id}`, body)
}

export function getStockSummary() {
  return api.get<StockSummary>('/admin/catalog/items/stock-summary')
}

export function previewPrices(retailPriceFen: number) {
  return api.get<PricePreview>('/admin/catalog/items/price-preview', { retail_price: retailPriceFen }, { silent: true })
}

export function setShelf(ids: number[], onShelf: boolean) {
  return api.post<void>('/admin/catalog/items/shelf', { ids, on_shelf: onShelf })
}

export function setRecommended(ids: number[], recommended: boolean) {
  return api.post<void>('/admin/catalog/items/recommend', { ids, recommended })
}

/** To the recycle bin; refused while a live package / card still uses one of them. */
export function deleteItems(ids: number[]) {
  return api.post<void>('/admin/catalog/items/delete', { ids })
}

export function restoreItems(ids: number[]) {
  return api.post<void>('/admin/catalog/items/restore', { ids })
}

export function purgeItems(ids: number[]) {
  return api.post<void>('/admin/catalog/items/purge', { ids })
}

export function setStock(id: number, stock: number, reason: string) {
  return api.put<Item>(`/admin/catalog/items/${id}/stock`, { stock, reason })
}

// ---- media library ----

export function listMedia(query: MediaListQuery) {
  return api.get<Page<Media>>('/admin/catalog/media', query)
}

export function uploadMedia(file: File) {
  const form = new FormData()
  form.append('file', file)
  return api.post<Media>('/admin/catalog/media', form)
}

export function deleteMedia(id: number) {
  return api.delete(`/admin/catalog/media/${id}`)
}
