// A list's status tabs kept in the URL (?status=…): an unknown or missing value is the default tab, `all` is every
// status (answered as ''). Switching a tab replaces the query, so the browser's back button leaves the page.
import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'

export function useStatusTab(statuses: readonly { value: string }[], defaultStatus: string) {
  const route = useRoute()
  const router = useRouter()
  const status = computed(() => {
    const q = route.query.status
    if (typeof q === 'string' && statuses.some((s) => s.value === q)) return q
    return q === 'all' ? '' : defaultStatus
  })
  function onTab(name: string | number) {
    void router.replace({ query: { ...route.query, status: String(name) } })
  }
  return { status, onTab }
}
