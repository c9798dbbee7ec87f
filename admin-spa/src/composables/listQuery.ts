// Turning a list page's state into the API's list query (docs/api.md "Lists"). Pure, unit-tested.
import type { ListQuery } from '@/api/models'

export interface ListState {
  page: number
  pageSize: number
  keyword: string
  /** API sort param: a field name, `-` prefix for descending. */
  sort?: string
  filters: Record<string, unknown>
}

export interface ListQueryOptions {
  /**
   * Filters holding a `[from, to]` pair of dates (YYYY-MM-DD, Shanghai days) sent as two ISO UTC params, e.g.
   * `{ created: ['created_from', 'created_to'] }`; `to` covers the whole last day.
   */
  dateRanges?: Record<string, readonly [string, string]>
}

export const MAX_PAGE_SIZE = 100

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0)
}

const DAY = /^\d{4}-\d{2}-\d{2}$/

/** A Shanghai calendar day's start (or end, inclusive to the second) as an ISO UTC string. */
export function shanghaiDayToIso(day: string, edge: 'start' | 'end'): string {
  if (!DAY.test(day)) return day // already a full timestamp
  const time = edge === 'start' ? '00:00:00' : '23:59:59'
  return new Date(`${day}T${time}+08:00`).toISOString().replace('.000Z', 'Z')
}

/** Filters only (no paging): what an export endpoint takes. */
export function buildFilterQuery(state: Pick<ListState, 'keyword' | 'sort' | 'filters'>, options: ListQueryOptions = {}): ListQuery {
  const query: ListQuery = {}
  const keyword = state.keyword?.trim()
  if (keyword) query.q = keyword
  if (state.sort) query.sort = state.sort
  const ranges = options.dateRanges ?? {}
  for (const [key, value] of Object.entries(state.filters)) {
    if (isEmpty(value)) continue
    const range = ranges[key]
    if (range) {
      if (!Array.isArray(value) || value.length !== 2) continue
      const [from, to] = value as [string | null, string | null]
      if (from) query[range[0]] = shanghaiDayToIso(from, 'start')
      if (to) query[range[1]] = shanghaiDayToIso(to, 'end')
      continue
    }
    if (typeof value === 'string') query[key] = value.trim()
    else if (typeof value === 'number' || typeof value === 'boolean') query[key] = value
    else if (Array.isArray(value)) query[key] = value.join(',')
    else query[key] = String(value)
  }
  return query
}

export function buildListQuery(state: ListState, options: ListQueryOptions = {}): ListQuery {
  const page = Math.max(1, Math.floor(state.page) || 1)
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(state.pageSize) || 20))
  return { page, page_size: pageSize, ...buildFilterQuery(state, options) }
}

export type TableSortOrder = 'ascending' | 'descending' | null

/** el-table `sort-change` (sortable="custom") → API `sort` param. */
export function sortParamFromTable(prop: string | null | undefined, order: TableSortOrder | undefined): string | undefined {
  if (!prop || !order) return undefined
  return order === 'descending' ? `-${prop}` : prop
}

/** API `sort` param → el-table `default-sort`. */
export function tableSortFromParam(sort: string | undefined): { prop: string; order: 'ascending' | 'descending' } | undefined {
  if (!sort) return undefined
  return sort.startsWith('-') ? { prop: sort.slice(1), order: 'descending' } : { prop: sort, order: 'ascending' }
}
