// The order list's status tabs: their counts come from one GET /admin/orders/counts under the list's other filters.
// Pure, unit-tested.
import type { ListQuery, OrderCounts } from '@/api/models'
import { ORDER_STATUSES } from '../labels'

/** Tab name → count; the 全部 tab is ''. `null`: unknown (not loaded yet, or the counts request failed). */
export type TabCounts = Record<string, number | null>

/** The counts' query: the list query without what does not change the counts (status, paging, sort). */
export function countsQuery(query: ListQuery): ListQuery {
  const rest = { ...query }
  delete rest.status
  delete rest.page
  delete rest.page_size
  delete rest.sort
  return rest
}

/** Tab counts from the server's answer (`all` → the 全部 tab ''); `null` answer → every count unknown. */
export function tabCounts(answer: OrderCounts | null): TabCounts {
  const read = (key: string) => {
    const n = answer ? (answer as Record<string, unknown>)[key] : undefined
    return typeof n === 'number' ? n : null
  }
  const counts: TabCounts = { '': read('all') }
  for (const s of ORDER_STATUSES) counts[s.value] = read(s.value)
  return counts
}

/** `待发货 (3)`, or just the label while the count is unknown. */
export function tabLabel(label: string, count: number | null | undefined): string {
  return count === null || count === undefined ? label : `${label} (${count})`
}
