// Which columns of a list show; the choice persists per list in localStorage.
import { computed, ref, watch } from 'vue'

export interface ColumnDef<Row = any> {
  prop: string
  label: string
  width?: number | string
  minWidth?: number | string
  /** Server-side sort on this column (sortable="custom" → `sort` param). */
  sortable?: boolean
  fixed?: 'left' | 'right'
  align?: 'left' | 'center' | 'right'
  /** Hidden until the person shows it. */
  defaultHidden?: boolean
  /** false: always shown, not listed in the column settings. */
  hideable?: boolean
  formatter?: (row: Row) => string
  showOverflowTooltip?: boolean
}

const PREFIX = 'crab-admin:columns:'

export function loadHiddenColumns(key: string, columns: readonly ColumnDef[]): string[] {
  const defaults = columns.filter((c) => c.defaultHidden).map((c) => c.prop)
  try {
    const raw = localStorage.getItem(PREFIX + key)
    if (!raw) return defaults
    const saved = JSON.parse(raw) as unknown
    if (!Array.isArray(saved)) return defaults
    const known = new Set(columns.filter((c) => c.hideable !== false).map((c) => c.prop))
    return saved.filter((p): p is string => typeof p === 'string' && known.has(p))
  } catch {
    return defaults
  }
}

export function saveHiddenColumns(key: string, hidden: readonly string[]): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(hidden))
  } catch {
    /* storage full or disabled: the choice lasts for this page only */
  }
}

export function useColumnSettings<Row>(key: string, columns: () => readonly ColumnDef<Row>[]) {
  const hidden = ref<string[]>(loadHiddenColumns(key, columns()))
  watch(hidden, (value) => saveHiddenColumns(key, value), { deep: true })

  const visibleColumns = computed(() => columns().filter((c) => c.hideable === false || !hidden.value.includes(c.prop)))
  const hideableColumns = computed(() => columns().filter((c) => c.hideable !== false))

  function setVisible(prop: string, visible: boolean) {
    const rest = hidden.value.filter((p) => p !== prop)
    hidden.value = visible ? rest : [...rest, prop]
  }

  function reset() {
    hidden.value = columns().filter((c) => c.defaultHidden).map((c) => c.prop)
  }

  return { hidden, visibleColumns, hideableColumns, setVisible, reset }
}
