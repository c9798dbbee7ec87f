// One record of a detail page (order, case, dealer, member, …): loading, the error to show and whether it is a 404
// ("不存在" with no retry button), so every detail page answers a failed load the same way.
import { ref, type Ref } from 'vue'
import { isHttpError } from '@/api/http'

export function useRecordLoader<T>(fetch: (id: number) => Promise<T>) {
  const record = ref(null) as Ref<T | null>
  const loading = ref(false)
  const error = ref<string | null>(null)
  const notFound = ref(false)

  async function load(id: number): Promise<T | null> {
    error.value = null
    notFound.value = false
    if (!Number.isInteger(id) || id <= 0) {
      record.value = null
      notFound.value = true
      error.value = '地址中的编号无效'
      return null
    }
    loading.value = true
    try {
      record.value = await fetch(id)
    } catch (e) {
      record.value = null
      notFound.value = isHttpError(e) && e.status === 404
      error.value = e instanceof Error ? e.message : '加载失败'
    } finally {
      loading.value = false
    }
    return record.value
  }

  return { record, loading, error, notFound, load }
}
