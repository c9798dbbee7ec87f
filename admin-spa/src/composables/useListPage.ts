// The list page pattern: paging, keyword, filters, sort, selection, loading/error state and Excel export.
import { reactive, ref, shallowRef, computed } from 'vue'
import { ElMessage } from 'element-plus'
import type { ListQuery, Page } from '@/api/models'
import { buildFilterQuery, buildListQuery, sortParamFromTable, type ListQueryOptions, type TableSortOrder } from './listQuery'

export interface UseListPageOptions<T, F extends Record<string, unknown>> extends ListQueryOptions {
  // Method syntax on purpose: endpoint wrappers take their own typed query (generated from OpenAPI).
  fetch(query: ListQuery): Promise<Page<T>>
  /** The list's export endpoint (gets the current filters and sort, no paging). */
  exportFn?(query: ListQuery): Promise<unknown>
  /** Initial (and reset) filter values. */
  filters?: () => F
  defaultSort?: string
  pageSize?: number
  /** Load right away (default true). */
  immediate?: boolean
}

export function useListPage<T, F extends Record<string, unknown> = Record<string, unknown>>(options: UseListPageOptions<T, F>) {
  const initialFilters = options.filters ?? (() => ({}) as F)
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(options.pageSize ?? 20)
  const keyword = ref('')
  const sort = ref<string | undefined>(options.defaultSort)
  const filters = reactive(initialFilters()) as F
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  const exporting = ref(false)
  const selection = shallowRef<T[]>([])
  let sequence = 0

  const state = () => ({ page: page.value, pageSize: pageSize.value, keyword: keyword.value, sort: sort.value, filters: filters as Record<string, unknown> })
  const query = computed(() => buildListQuery(state(), options))

  async function load() {
    const mine = ++sequence
    loading.value = true
    error.value = null
    try {
      const res = await options.fetch(query.value)
      if (mine !== sequence) return // a newer request answers instead
      items.value = res.items
      total.value = res.total
      loaded.value = true
      // The page emptied (e.g. the last row of the last page was deleted): step back.
      const lastPage = Math.max(1, Math.ceil(res.total / pageSize.value))
      if (res.items.length === 0 && res.total > 0 && page.value > lastPage) {
        page.value = lastPage
        await load()
      }
    } catch (e) {
      if (mine !== sequence) return
      error.value = e instanceof Error ? e.message : '加载失败'
      items.value = []
      total.value = 0
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  /** New search from page 1 (search button, Enter, filter change). */
  function search() {
    page.value = 1
    return load()
  }

  function reset() {
    keyword.value = ''
    const fresh = initialFilters() as Record<string, unknown>
    const current = filters as Record<string, unknown>
    for (const key of Object.keys(current)) delete current[key]
    Object.assign(current, fresh)
    sort.value = options.defaultSort
    return search()
  }

  function onSortChange(payload: { prop?: string | null; order?: TableSortOrder }) {
    sort.value = sortParamFromTable(payload.prop, payload.order) ?? options.defaultSort
    return search()
  }

  function onPageChange(value: number) {
    page.value = value
    return load()
  }

  function onPageSizeChange(value: number) {
    pageSize.value = value
    page.value = 1
    return load()
  }

  function onSelectionChange(rows: T[]) {
    selection.value = rows
  }

  async function exportExcel() {
    if (!options.exportFn) return
    exporting.value = true
    try {
      await options.exportFn(buildFilterQuery(state(), options))
      ElMessage.success('导出成功，文件已开始下载')
    } catch {
      /* the http layer already showed the server's message */
    } finally {
      exporting.value = false
    }
  }

  if (options.immediate !== false) void load()

  return reactive({
    items,
    total,
    page,
    pageSize,
    keyword,
    sort,
    filters,
    loading,
    loaded,
    error,
    exporting,
    selection,
    query,
    canExport: !!options.exportFn,
    load,
    search,
    reset,
    onSortChange,
    onPageChange,
    onPageSizeChange,
    onSelectionChange,
    exportExcel,
  })
}

export type ListPageState<T = unknown> = ReturnType<typeof useListPage<T>>
