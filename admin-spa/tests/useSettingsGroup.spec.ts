import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { ElMessage } from 'element-plus'
import { HttpError } from '@/api/http'
import { getSettings, saveSettings } from '@/api/settings'
import { useSettingsGroup } from '@/views/settings/useSettingsGroup'

vi.mock('element-plus', () => ({ ElMessage: { success: vi.fn(), error: vi.fn() } }))
vi.mock('@/api/settings', () => ({ getSettings: vi.fn(), saveSettings: vi.fn() }))

const flush = () => new Promise((r) => setTimeout(r, 0))
const getMock = vi.mocked(getSettings)
const saveMock = vi.mocked(saveSettings)

/** Mounts a host component so the group loads in onMounted like on a page. */
function mountOrders(options: Partial<Parameters<typeof useSettingsGroup<'orders'>>[2]> = {}) {
  let group!: ReturnType<typeof useSettingsGroup<'orders'>>
  const Host = defineComponent({
    setup() {
      group = useSettingsGroup(
        'orders',
        { auto_close_minutes: 30, auto_confirm_days: 10, split_shipment: true, after_sales_days: 7, ecard_auto_approve: false },
        { successMessage: '订单设置已保存', ...options },
      )
      return () => h('div')
    },
  })
  const wrapper = mount(Host)
  return { group, wrapper }
}

describe('useSettingsGroup', () => {
  beforeEach(() => {
    vi.clearAllMocks()
  })

  it('starts with the defaults and loads the group on mount', async () => {
    let resolve!: (v: Awaited<ReturnType<typeof getSettings<'orders'>>>) => void
    getMock.mockImplementation(() => new Promise((r) => (resolve = r as typeof resolve)))
    const { group } = mountOrders()
    expect(group.form.auto_close_minutes).toBe(30)
    expect(group.loading.value).toBe(true)
    expect(getMock).toHaveBeenCalledWith('orders')
    resolve({ auto_close_minutes: 45, auto_confirm_days: 7, split_shipment: false, after_sales_days: 0, ecard_auto_approve: true })
    await flush()
    expect(group.loading.value).toBe(false)
    expect(group.error.value).toBeNull()
    expect(group.form).toEqual({ auto_close_minutes: 45, auto_confirm_days: 7, split_shipment: false, after_sales_days: 0, ecard_auto_approve: true })
  })

  it('shows the load error and loads again on retry', async () => {
    getMock.mockRejectedValueOnce(new HttpError(500, 'HTTP_500', '服务器开小差了'))
    const { group } = mountOrders()
    await flush()
    expect(group.loading.value).toBe(false)
    expect(group.error.value).toBe('服务器开小差了')
    expect(group.form.auto_close_minutes).toBe(30)

    getMock.mockRejectedValueOnce('boom')
    await group.load()
    expect(group.error.value).toBe('加载失败')

    getMock.mockResolvedValueOnce({ auto_close_minutes: 60, auto_confirm_days: 10, split_shipment: true, after_sales_days: 7, ecard_auto_approve: false })
    await group.load()
    expect(group.error.value).toBeNull()
    expect(group.form.auto_close_minutes).toBe(60)
  })

  it('saves the whole form, takes the answer and shows the success message', async () => {
    getMock.mockResolvedValue({ auto_close_minutes: 30, auto_confirm_days: 10, split_shipment: true, after_sales_days: 7, ecard_auto_approve: false })
    saveMock.mockImplementation(async (_key, value) => ({ ...value, auto_confirm_days: 12 }) as never)
    const { group } = mountOrders()
    await flush()
    group.form.auto_close_minutes = 45
    const saved = await group.save()
    expect(saveMock).toHaveBeenCalledWith('orders', { auto_close_minutes: 45, auto_confirm_days: 10, split_shipment: true, after_sales_days: 7, ecard_auto_approve: false })
    expect(saved?.auto_confirm_days).toBe(12)
    expect(group.form.auto_confirm_days).toBe(12)
    expect(group.submitting.value).toBe(false)
    expect(ElMessage.success).toHaveBeenCalledWith('订单设置已保存')
  })

  it('sends the payload built by the page', async () => {
    getMock.mockResolvedValue({ auto_close_minutes: 30, auto_confirm_days: 10, split_shipment: true, after_sales_days: 7, ecard_auto_approve: false })
    saveMock.mockImplementation(async (_key, value) => value as never)
    const { group } = mountOrders({ payload: (form) => ({ auto_close_minutes: form.auto_close_minutes }) })
    await flush()
    await group.save()
    expect(saveMock).toHaveBeenCalledWith('orders', { auto_close_minutes: 30 })
  })

  it('puts the server field errors on the form items and general ones above the form', async () => {
    getMock.mockResolvedValue({ auto_close_minutes: 30, auto_confirm_days: 10, split_shipment: true, after_sales_days: 7, ecard_auto_approve: false })
    saveMock.mockRejectedValueOnce(
      new HttpError(422, 'VALIDATION_ERROR', '提交的内容有误', { auto_close_minutes: ['必须在 5 到 1440 之间'], unknown_field: ['未知字段'] }),
    )
    const { group } = mountOrders()
    await flush()
    const saved = await group.save()
    expect(saved).toBeUndefined()
    expect(group.fieldErrors.auto_close_minutes).toBe('必须在 5 到 1440 之间')
    expect(group.generalErrors.value).toEqual(['未知字段'])
    expect(group.submitting.value).toBe(false)
    expect(ElMessage.success).not.toHaveBeenCalled()
    expect(group.form.auto_close_minutes).toBe(30)

    saveMock.mockImplementationOnce(async (_key, value) => value as never)
    await group.save()
    expect(group.fieldErrors.auto_close_minutes).toBe('')
    expect(group.generalErrors.value).toEqual([])
  })

  it('validates with the client rules first when the page has rules', async () => {
    getMock.mockResolvedValue({ auto_close_minutes: 30, auto_confirm_days: 10, split_shipment: true, after_sales_days: 7, ecard_auto_approve: false })
    const { group } = mountOrders({ rules: { auto_close_minutes: [{ required: true }] } })
    await flush()
    const validate = vi.fn(async () => {
      throw new Error('invalid')
    })
    group.formRef.value = { validate } as never
    expect(await group.save()).toBeUndefined()
    expect(validate).toHaveBeenCalled()
    expect(saveMock).not.toHaveBeenCalled()
  })

  it('does not validate on the client without rules', async () => {
    getMock.mockResolvedValue({ auto_close_minutes: 30, auto_confirm_days: 10, split_shipment: true, after_sales_days: 7, ecard_auto_approve: false })
    saveMock.mockImplementation(async (_key, value) => value as never)
    const { group } = mountOrders()
    await flush()
    const validate = vi.fn(async () => false)
    group.formRef.value = { validate } as never
    await group.save()
    expect(validate).not.toHaveBeenCalled()
    expect(saveMock).toHaveBeenCalled()
  })
})
