import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import type { OrderCounts, Page, Order } from '@/api/models'
import { HttpError } from '@/api/http'
import { countsQuery, tabCounts, tabLabel } from '@/views/orders/list/statusCounts'

const api = vi.hoisted(() => ({
  listOrders: vi.fn(),
  countOrders: vi.fn(),
  exportOrders: vi.fn(),
}))
vi.mock('@/api/orders', () => api)
vi.mock('vue-router', async (original) => ({ ...(await original<typeof import('vue-router')>()), useRouter: () => ({ push: vi.fn() }) }))

const COUNTS: OrderCounts = { all: 12, pending_payment: 1, pending_shipment: 3, partially_shipped: 0, shipped: 2, completed: 5, closed: 1 }
const emptyPage: Page<Order> = { items: [], total: 0, page: 1, page_size: 20 }

describe('order status counts (pure)', () => {
  it('queries the counts with the filters only (no status, paging or sort)', () => {
    expect(countsQuery({ page: 2, page_size: 20, sort: '-created_at', status: 'closed', order_type: 'ecard', q: '蟹', created_from: 'x' })).toEqual({
      order_type: 'ecard',
      q: '蟹',
      created_from: 'x',
    })
  })

  it('maps the answer to the tabs, `all` to the 全部 tab', () => {
    expect(tabCounts(COUNTS)).toEqual({ '': 12, pending_payment: 1, pending_shipment: 3, partially_shipped: 0, shipped: 2, completed: 5, closed: 1 })
  })

  it('knows no counts without an answer (or for missing keys)', () => {
    expect(Object.values(tabCounts(null)).every((n) => n === null)).toBe(true)
    expect(Object.keys(tabCounts(null))).toHaveLength(7)
    expect(tabCounts({ all: 4, closed: 4 } as OrderCounts).pending_payment).toBeNull()
  })

  it('labels a tab with its count, or alone while unknown (0 is a count)', () => {
    expect(tabLabel('待发货', 3)).toBe('待发货 (3)')
    expect(tabLabel('待发货', 0)).toBe('待发货 (0)')
    expect(tabLabel('待发货', null)).toBe('待发货')
    expect(tabLabel('待发货', undefined)).toBe('待发货')
  })
})

describe('order list view: status tabs', () => {
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  async function mountView() {
    const { default: OrderList } = await import('@/views/orders/list/index.vue')
    const wrapper = mount(OrderList, { global: { plugins: [[ElementPlus, { locale: zhCn }]], stubs: { RouterLink: true } }, attachTo: document.body })
    await flushPromises()
    return wrapper
  }
  const tabTexts = (w: Awaited<ReturnType<typeof mountView>>) => w.findAll('[data-test="order-status-tabs"] .el-tabs__item').map((t) => t.text())

  it('shows the counts from one counts request', async () => {
    api.listOrders.mockResolvedValue(emptyPage)
    api.countOrders.mockResolvedValue(COUNTS)
    const wrapper = await mountView()
    expect(api.countOrders).toHaveBeenCalledTimes(1)
    expect(api.countOrders).toHaveBeenCalledWith({}, { silent: true })
    expect(api.listOrders).toHaveBeenCalledTimes(1) // the list itself only, no per-status requests
    expect(tabTexts(wrapper)).toEqual(['全部 (12)', '待付款 (1)', '待发货 (3)', '部分发货 (0)', '待收货 (2)', '已完成 (5)', '已关闭 (1)'])
    wrapper.unmount()
  })

  it('refreshes the counts when the filters change, not when the tab does', async () => {
    api.listOrders.mockResolvedValue(emptyPage)
    api.countOrders.mockResolvedValue(COUNTS)
    const wrapper = await mountView()
    await wrapper.findAll('[data-test="order-status-tabs"] .el-tabs__item')[2]!.trigger('click')
    await flushPromises()
    expect(api.listOrders).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'pending_shipment' }))
    expect(api.countOrders).toHaveBeenCalledTimes(1)

    api.countOrders.mockResolvedValue({ ...COUNTS, all: 1, pending_shipment: 1 })
    await wrapper.find('input[data-test="order-filter-no"]').setValue('C2026')
    await wrapper.find('[data-test="list-search-btn"]').trigger('click')
    await flushPromises()
    expect(api.countOrders).toHaveBeenCalledTimes(2)
    expect(api.countOrders).toHaveBeenLastCalledWith({ order_no: 'C2026' }, { silent: true })
    expect(tabTexts(wrapper)).toContain('全部 (1)')
    expect(tabTexts(wrapper)).toContain('待发货 (1)')
    wrapper.unmount()
  })

  it('keeps the list working and shows plain tabs when the counts fail', async () => {
    api.listOrders.mockResolvedValue(emptyPage)
    api.countOrders.mockRejectedValue(new HttpError(500, 'HTTP_500', '服务器开小差了'))
    const wrapper = await mountView()
    expect(tabTexts(wrapper)).toEqual(['全部', '待付款', '待发货', '部分发货', '待收货', '已完成', '已关闭'])
    expect(wrapper.find('[data-test="list-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="list-empty"]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('ignores a counts answer overtaken by a newer search', async () => {
    api.listOrders.mockResolvedValue(emptyPage)
    let releaseFirst!: (c: OrderCounts) => void
    api.countOrders.mockReturnValueOnce(new Promise<OrderCounts>((r) => (releaseFirst = r))).mockResolvedValueOnce({ ...COUNTS, all: 7 })
    const wrapper = await mountView()
    await wrapper.find('input[data-test="order-filter-no"]').setValue('C1')
    await flushPromises()
    releaseFirst({ ...COUNTS, all: 99 })
    await flushPromises()
    expect(tabTexts(wrapper)[0]).toBe('全部 (7)')
    wrapper.unmount()
  })
})
