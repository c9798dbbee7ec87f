import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import type { AfterSaleCaseRow, Page, Review } from '@/api/models'
import { HttpError } from '@/api/http'
import { expectKeywordSearch } from './helpers'

const api = vi.hoisted(() => ({
  listReviews: vi.fn(),
  setReviewHidden: vi.fn(),
  replyReview: vi.fn(),
  listAfterSales: vi.fn(),
}))
vi.mock('@/api/orders', () => api)
const route = vi.hoisted(() => ({ query: {} as Record<string, string> }))
vi.mock('vue-router', async (original) => ({
  ...(await original<typeof import('vue-router')>()),
  useRouter: () => ({ push: vi.fn() }),
  useRoute: () => route,
}))

function page<T>(items: T[]): Page<T> {
  return { items, total: items.length, page: 1, page_size: 20 }
}

const REVIEW: Review = {
  id: 1,
  user_id: 7,
  user_name: '吃蟹达人',
  user_avatar_url: null,
  order_id: 3,
  order_line_id: 4,
  item_id: 11,
  item_name: '阳澄湖大闸蟹 4 对装',
  rating: 5,
  content: '很肥',
  images: [],
  is_hidden: false,
  reply: '',
  replied_at: null,
  created_at: '2026-11-23T12:00:00Z',
}

function caseRow(over: Partial<AfterSaleCaseRow>): AfterSaleCaseRow {
  return {
    id: 1,
    case_no: 'AS2026112300001',
    order_id: 3,
    order_no: 'C2026112300001',
    user_id: 7,
    kind: 'refund_only',
    reason: '死蟹',
    description: '',
    amount: 1000,
    images: [],
    buyer_note: '',
    merchant_note: '',
    status: 'awaiting_merchant',
    status_name: '待商家处理',
    lines: [],
    created_at: '2026-11-23T12:00:00Z',
    closed_at: null,
    member_name: '吃蟹达人',
    member_phone: '13800000001',
    ...over,
  }
}

const plugins = { global: { plugins: [[ElementPlus, { locale: zhCn }]] as never, stubs: { RouterLink: true } }, attachTo: document.body }

beforeEach(() => localStorage.clear())
afterEach(() => {
  vi.clearAllMocks()
  route.query = {}
  document.body.innerHTML = ''
})

describe('reviews list view', () => {
  async function mountView() {
    const { default: Reviews } = await import('@/views/orders/reviews/index.vue')
    const wrapper = mount(Reviews, plugins)
    await flushPromises()
    return wrapper
  }

  it('shows the item name column', async () => {
    api.listReviews.mockResolvedValue(page([REVIEW]))
    const wrapper = await mountView()
    const headers = wrapper.findAll('[data-test="list-table"] th').map((th) => th.text())
    expect(headers).toContain('商品')
    expect(wrapper.find('[data-test="list-table"] tbody').text()).toContain('阳澄湖大闸蟹 4 对装')
    wrapper.unmount()
  })

  it('searches the keyword as `q` from page 1', async () => {
    api.listReviews.mockResolvedValue({ ...page([REVIEW]), total: 60 })
    const wrapper = await mountView()
    await expectKeywordSearch(wrapper, api.listReviews, '评价内容 / 回复 / 商品名称', '大闸蟹')
    wrapper.unmount()
  })

  it('shows the empty state when nothing matches and the error state when loading fails', async () => {
    api.listReviews.mockResolvedValue(page([]))
    const wrapper = await mountView()
    expect(wrapper.find('[data-test="list-empty"]').text()).toContain('暂无评价')

    api.listReviews.mockRejectedValue(new HttpError(500, 'HTTP_500', '服务器开小差了'))
    await wrapper.find('input[data-test="list-keyword"]').setValue('x')
    await wrapper.find('[data-test="list-search-btn"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="list-error"]').text()).toContain('服务器开小差了')
    wrapper.unmount()
  })
})

describe('after-sales desk list view', () => {
  async function mountView() {
    const { default: Cases } = await import('@/views/orders/aftersales/index.vue')
    const wrapper = mount(Cases, plugins)
    await flushPromises()
    return wrapper
  }

  it('shows the member column: name and phone, or the name alone without a phone', async () => {
    api.listAfterSales.mockResolvedValue(page([caseRow({}), caseRow({ id: 2, case_no: 'AS2', member_name: '微信会员', member_phone: null })]))
    const wrapper = await mountView()
    expect(wrapper.findAll('[data-test="list-table"] th').map((th) => th.text())).toContain('会员')
    const cells = wrapper.findAll('[data-test="list-table"] tbody [data-test="case-member"]').map((c) => c.text())
    expect(cells).toHaveLength(2)
    expect(cells[0]).toContain('吃蟹达人')
    expect(cells[0]).toContain('13800000001')
    expect(cells[1]).toBe('微信会员')
    wrapper.unmount()
  })

  it('sends the order number and member phone filters, and clears them on reset', async () => {
    api.listAfterSales.mockResolvedValue(page([]))
    const wrapper = await mountView()
    await wrapper.find('input[data-test="case-filter-order-no"]').setValue('C2026112300001')
    await wrapper.find('input[data-test="case-filter-phone"]').setValue('13800000001')
    await wrapper.find('[data-test="list-search-btn"]').trigger('click')
    await flushPromises()
    expect(api.listAfterSales).toHaveBeenLastCalledWith(
      expect.objectContaining({ order_no: 'C2026112300001', member_phone: '13800000001', page: 1 }),
    )

    const reset = wrapper.findAll('[data-test="list-search"] button').find((b) => b.text() === '重置')!
    await reset.trigger('click')
    await flushPromises()
    const last = api.listAfterSales.mock.lastCall![0] as Record<string, unknown>
    expect(last).not.toHaveProperty('order_no')
    expect(last).not.toHaveProperty('member_phone')
    wrapper.unmount()
  })

  it('keeps the order id from the link of the order page', async () => {
    route.query = { order_id: '3' }
    api.listAfterSales.mockResolvedValue(page([]))
    const wrapper = await mountView()
    expect(api.listAfterSales).toHaveBeenLastCalledWith(expect.objectContaining({ order_id: '3' }))
    wrapper.unmount()
  })
})
