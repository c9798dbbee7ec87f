import { describe, expect, it, vi } from 'vitest'
import { useRecordLoader } from '@/composables/useRecordLoader'
import { HttpError } from '@/api/http'

describe('useRecordLoader', () => {
  it('loads the record and clears an earlier error', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(new HttpError(500, 'INTERNAL', '服务器开小差了')).mockResolvedValueOnce({ id: 7 })
    const r = useRecordLoader(fetch)
    await r.load(7)
    expect([r.record.value, r.error.value, r.notFound.value]).toEqual([null, '服务器开小差了', false])
    await expect(r.load(7)).resolves.toEqual({ id: 7 })
    expect([r.record.value, r.error.value, r.notFound.value, r.loading.value]).toEqual([{ id: 7 }, null, false, false])
  })

  it('a 404 is "not found" (no retry); an invalid id is not fetched at all', async () => {
    const fetch = vi.fn().mockRejectedValue(new HttpError(404, 'ORDER_NOT_FOUND', '订单不存在'))
    const r = useRecordLoader(fetch)
    await r.load(3)
    expect([r.notFound.value, r.error.value]).toEqual([true, '订单不存在'])
    fetch.mockClear()
    await r.load(Number('abc'))
    expect(fetch).not.toHaveBeenCalled()
    expect(r.notFound.value).toBe(true)
  })
})
