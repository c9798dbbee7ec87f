import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { useListPage } from '@/composables/useListPage'
import type { ListQuery, Page } from '@/api/models'
import { HttpError } from '@/api/http'

vi.mock('element-plus', () => ({ ElMessage: { success: vi.fn(), error: vi.fn() } }))

const flush = () => new Promise((r) => setTimeout(r, 0))
const page = <T>(items: T[], total = items.length): Page<T> => ({ items, total, page: 1, page_size: 20 })

describe('useListPage', () => {
  it('loads on creation with the default sort', async () => {
    const fetch = vi.fn(async (_q: ListQuery) => page([{ id: 1 }], 1))
    const list = useListPage({ fetch, defaultSort: '-created_at' })
    await flush()
    expect(fetch).toHaveBeenCalledWith({ page: 1, page_size: 20, sort: '-created_at' })
    expect(list.items).toEqual([{ id: 1 }])
    expect(list.total).toBe(1)
    expect(list.loading).toBe(false)
    expect(list.loaded).toBe(true)
  })

  it('search goes back to page 1 with keyword and filters; sort change maps the el-table event', async () => {
    const fetch = vi.fn(async (_q: ListQuery) => page<{ id: number }>([], 0))
    const list = useListPage({ fetch, filters: () => ({ is_active: undefined as boolean | undefined }) })
    await flush()
    list.page = 3
    list.keyword = 'wang'
    list.filters.is_active = true
    await list.search()
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, page_size: 20, q: 'wang', is_active: true })
    await list.onSortChange({ prop: 'username', order: 'descending' })
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, page_size: 20, q: 'wang', is_active: true, sort: '-username' })
    await list.onPageSizeChange(50)
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, page_size: 50, q: 'wang', is_active: true, sort: '-username' })
  })

  it('reset restores filters, keyword and sort', async () => {
    const fetch = vi.fn(async (_q: ListQuery) => page([]))
    const list = useListPage({ fetch, defaultSort: '-id', filters: () => ({ action: '' }) })
    list.keyword = 'x'
    list.filters.action = 'role.create'
    list.sort = 'id'
    await list.reset()
    expect(list.keyword).toBe('')
    expect(list.filters.action).toBe('')
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, page_size: 20, sort: '-id' })
  })

  it('keeps only the newest answer when requests overlap', async () => {
    const resolvers: ((p: Page<{ id: number }>) => void)[] = []
    const fetch = vi.fn((_q: ListQuery) => new Promise<Page<{ id: number }>>((r) => resolvers.push(r)))
    const list = useListPage({ fetch, immediate: false })
    const first = list.load()
    const second = list.load()
    resolvers[1]!(page([{ id: 2 }]))
    resolvers[0]!(page([{ id: 1 }]))
    await Promise.all([first, second])
    expect(list.items).toEqual([{ id: 2 }])
    expect(list.loading).toBe(false)
  })

  it('shows the error state and recovers on retry', async () => {
    let fail = true
    const fetch = vi.fn(async (_q: ListQuery) => {
      if (fail) throw new HttpError(500, 'HTTP_500', '服务器开小差了')
      return page([{ id: 1 }])
    })
    const list = useListPage({ fetch })
    await flush()
    expect(list.error).toBe('服务器开小差了')
    expect(list.items).toEqual([])
    fail = false
    await list.load()
    expect(list.error).toBeNull()
    expect(list.items).toEqual([{ id: 1 }])
  })

  it('steps back to the last page when the current page emptied (e.g. its last row was deleted)', async () => {
    const fetch = vi.fn(async (q: ListQuery) => (q.page === 3 ? page<{ id: number }>([], 21) : page([{ id: 21 }], 21)))
    const list = useListPage({ fetch, immediate: false })
    await list.onPageChange(3)
    expect(fetch.mock.calls.map((c) => c[0].page)).toEqual([3, 2])
    expect(list.page).toBe(2)
    expect(list.items).toEqual([{ id: 21 }])
  })

  it('an empty page that is really the last one does not loop', async () => {
    const fetch = vi.fn(async (_q: ListQuery) => page<{ id: number }>([], 41))
    const list = useListPage({ fetch, immediate: false })
    await list.onPageChange(3)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('exports with the current filters and no paging', async () => {
    const exportFn = vi.fn(async (_q: ListQuery) => 'file.xlsx')
    const list = useListPage({
      fetch: async () => page([]),
      exportFn,
      filters: () => ({ action: 'admin.create', created: ['2026-11-23', '2026-11-23'] as [string, string] | null }),
      dateRanges: { created: ['created_from', 'created_to'] },
    })
    list.page = 5
    await nextTick()
    await list.exportExcel()
    expect(exportFn).toHaveBeenCalledWith({ action: 'admin.create', created_from: '2026-11-22T16:00:00Z', created_to: '2026-11-23T15:59:59Z' })
    expect(list.canExport).toBe(true)
    expect(list.exporting).toBe(false)
  })
})
