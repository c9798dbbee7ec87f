// Category choices for a kind's filter and form: a cascader tree for products (大类 → 小类), a flat list otherwise.
import { ref } from 'vue'
import { getCategoryTree } from '@/api/catalog'
import type { CategoryNode, CategoryScope } from '@/api/models'

export interface CategoryOption {
  value: number
  label: string
  children?: CategoryOption[]
  /** A product must sit in a 小类: 大类 are not selectable in the product form. */
  disabled?: boolean
  [key: string]: unknown
}

export function categoryOptions(nodes: readonly CategoryNode[], leafOnly: boolean): CategoryOption[] {
  return nodes.map((node) => {
    const children = node.children.map((c) => ({ value: c.category.id, label: c.category.name }))
    return {
      value: node.category.id,
      label: node.category.name,
      ...(children.length ? { children } : {}),
      ...(leafOnly ? { disabled: children.length === 0 } : {}),
    }
  })
}

export function useCategoryOptions(scope: CategoryScope, enabled = true) {
  const tree = ref<CategoryNode[]>([])
  const loaded = ref(false)
  async function load() {
    try {
      tree.value = await getCategoryTree(scope)
    } catch {
      tree.value = []
    } finally {
      loaded.value = true
    }
  }
  if (enabled) void load()
  return { tree, loaded, load }
}
