// Views: the feedback keyword box, the member level "无等级" choice, the default freight template's locked switch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import type { Feedback, FreightTemplate, MemberDetail, Page } from '@/api/models'
import { HttpError } from '@/api/http'
import { expectKeywordSearch } from './helpers'
import { useAuthStore } from '@/stores/auth'

const marketing = vi.hoisted(() => ({ listFeedback: vi.fn(), replyFeedback: vi.fn() }))
vi.mock('@/api/marketing', () => marketing)
const members = vi.hoisted(() => ({
  getMember: vi.fn(),
  getMemberAnalytics: vi.fn(),
  listInvitees: vi.fn(),
  listLevels: vi.fn(),
  listTags: vi.fn(),
  setMemberActive: vi.fn(),
  setMemberTags: vi.fn(),
  updateMember: vi.fn(),
  deleteMember: vi.fn(),
  setMemberOwner: vi.fn(),
}))
vi.mock('@/api/members', () => members)
const orders = vi.hoisted(() => ({ createFreightTemplate: vi.fn(), updateFreightTemplate: vi.fn() }))
vi.mock('@/api/orders', () => orders)
const route = vi.hoisted(() => ({ params: { id: '5' } as Record<string, string>, query: {} as Record<string, string> }))
vi.mock('vue-router', async (original) => ({
  ...(await original<typeof import('vue-router')>()),
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
  useRoute: () => route,
}))

function page<T>(items: T[]): Page<T> {
  return { items, total: items.length, page: 1, page_size: 20 }
}

const plugins = { global: { plugins: [[ElementPlus, { locale: zhCn }]] as never, stubs: { RouterLink: true } }, attachTo: document.body }

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})
afterEach(() => {
  vi.clearAllMocks()
  document.body.innerHTML = ''
})

describe('feedback list view', () => {
  const FEEDBACK: Feedback = {
    id: 1,
    user_id: 7,
    user_name: '吃蟹达人',
    user_phone: '13800000001',
    content: '蟹很肥',
    images: [],
    contact: 'wx_crab',
    status: 'open',
    reply: '',
    replied_at: null,
    created_at: '2026-11-23T12:00:00Z',
  } as Feedback

  it('searches the keyword as `q` from page 1, with the status filter', async () => {
    marketing.listFeedback.mockResolvedValue({ ...page([FEEDBACK]), total: 60 })
    const { default: FeedbackView } = await import('@/views/marketing/feedback/index.vue')
    const wrapper = mount(FeedbackView, plugins)
    await flushPromises()
    await expectKeywordSearch(wrapper, marketing.listFeedback, '反馈内容 / 联系方式 / 会员手机号', '13800000001')
    wrapper.unmount()
  })
})

describe('member detail: level', () => {
  const MEMBER = {
    id: 5,
    member_no: 'M0005',
    nickname: '蟹友小王',
    real_name: '王明',
    gender: 1,
    phone: '13800000005',
    member_level_id: 2,
    member_level_name: '金卡会员',
    is_active: true,
    has_password: false,
    invited_by_id: null,
    invited_by_name: null,
    invitee_count: 0,
    owner_dealer_id: null,
    owner_staff_id: null,
    total_spent: 0,
    paid_order_count: 0,
    last_order_at: null,
    last_login_at: null,
    created_at: '2026-11-23T12:00:00Z',
    avatar_url: '',
    tags: [],
  } as MemberDetail

  async function mountView(member: MemberDetail) {
    useAuthStore().admin = { is_super: true, permissions: [] } as never
    members.getMember.mockResolvedValue(member)
    members.listLevels.mockResolvedValue([
      { id: 1, name: '普通会员', discount_rate_bp: 10000, sort_order: 1, is_default: true, upgrade_min_spend: null, upgrade_min_orders: null, member_count: 1 },
      { id: 2, name: '金卡会员', discount_rate_bp: 9500, sort_order: 2, is_default: false, upgrade_min_spend: null, upgrade_min_orders: null, member_count: 1 },
    ])
    const { default: Detail } = await import('@/views/members/detail/index.vue')
    const wrapper = mount(Detail, plugins)
    await flushPromises()
    return wrapper
  }

  it('shows 无等级 for a member without a level, in the info and in the edit form', async () => {
    const wrapper = await mountView({ ...MEMBER, member_level_id: null, member_level_name: null })
    expect(wrapper.find('[data-test="member-level"]').text()).toBe('无等级')
    await wrapper.find('[data-test="member-edit"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="member-level-select"]').text()).toContain('无等级')
    wrapper.unmount()
  })

  it('clears the level by sending member_level_id: null, and shows the server error under the select', async () => {
    const wrapper = await mountView(MEMBER)
    expect(wrapper.find('[data-test="member-level"]').text()).toBe('金卡会员')
    await wrapper.find('[data-test="member-edit"]').trigger('click')
    await flushPromises()
    const none = document.querySelector<HTMLElement>('[data-test="member-level-none"]')
    expect(none?.textContent).toContain('无等级')
    none!.click()
    await flushPromises()

    members.updateMember.mockRejectedValueOnce(new HttpError(422, 'VALIDATION_ERROR', '提交的内容有误', { member_level_id: ['等级不可用'] }))
    await wrapper.find('[data-test="member-save"]').trigger('click')
    await flushPromises()
    expect(members.updateMember).toHaveBeenLastCalledWith(5, { member_level_id: null })
    // el-form-item shows its error after a short debounce
    await vi.waitFor(() => expect(wrapper.find('[data-test="member-form"]').text()).toContain('等级不可用'))

    members.updateMember.mockResolvedValueOnce({ ...MEMBER, member_level_id: null, member_level_name: null })
    await wrapper.find('[data-test="member-save"]').trigger('click')
    await flushPromises()
    expect(members.updateMember).toHaveBeenLastCalledWith(5, { member_level_id: null })
    expect(wrapper.find('[data-test="member-level"]').text()).toBe('无等级')
    wrapper.unmount()
  })
})

describe('freight template dialog: the default switch', () => {
  const TEMPLATE: FreightTemplate = {
    id: 3,
    name: '顺丰冷链',
    is_default: true,
    free_threshold: null,
    volumetric_divisor: 6000,
    updated_at: '2026-11-23T12:00:00Z',
    rules: [{ id: 1, regions: [], first_weight_g: 1000, first_price: 1200, additional_weight_g: 1000, additional_price: 500, is_remote: false }],
  }

  async function mountDialog(template?: FreightTemplate) {
    const { default: TemplateDialog } = await import('@/views/orders/freight/TemplateDialog.vue')
    const wrapper = mount(TemplateDialog, plugins)
    ;(wrapper.vm as unknown as { show: (t?: FreightTemplate) => void }).show(template)
    await flushPromises()
    return wrapper
  }
  const dialog = () => document.querySelector<HTMLElement>('[data-test="freight-dialog"]')!
  const defaultSwitch = () => dialog().querySelector<HTMLElement>('[data-test="freight-default"]')!

  it('locks the switch on the current default template, with a hint', async () => {
    const wrapper = await mountDialog(TEMPLATE)
    expect(defaultSwitch().classList.contains('is-disabled')).toBe(true)
    expect(dialog().querySelector('[data-test="freight-default-hint"]')?.textContent).toBe('默认模板需通过将其他模板设为默认来更换')
    wrapper.unmount()
  })

  it('leaves the switch free on another template and on a new one', async () => {
    const other = await mountDialog({ ...TEMPLATE, id: 4, is_default: false })
    expect(defaultSwitch().classList.contains('is-disabled')).toBe(false)
    expect(dialog().querySelector('[data-test="freight-default-hint"]')?.textContent).toBe('结算时使用默认模板')
    other.unmount()
    document.body.innerHTML = ''
    const created = await mountDialog()
    expect(defaultSwitch().classList.contains('is-disabled')).toBe(false)
    created.unmount()
  })

  it('shows the server refusal under the switch', async () => {
    orders.updateFreightTemplate.mockRejectedValue(
      new HttpError(422, 'DEFAULT_TEMPLATE_REQUIRED', '提交的内容有误', { is_default: ['默认模板不能直接取消默认，请把另一个模板设为默认'] }),
    )
    const wrapper = await mountDialog(TEMPLATE)
    dialog().querySelector<HTMLElement>('[data-test="freight-submit"]')!.click()
    await flushPromises()
    expect(orders.updateFreightTemplate).toHaveBeenCalledWith(3, expect.objectContaining({ is_default: true }))
    const item = defaultSwitch().closest('.el-form-item')!
    await vi.waitFor(() => expect(item.querySelector('.el-form-item__error')?.textContent).toContain('默认模板不能直接取消默认'))
    wrapper.unmount()
  })
})
