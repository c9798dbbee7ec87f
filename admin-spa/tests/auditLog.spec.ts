// The audit log marks a refused privilege change (action `<action>.refused`) so an auditor sees it at a glance.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import type { AuditLog } from '@/api/models'

const api = vi.hoisted(() => ({ listAuditLogs: vi.fn(), exportAuditLogs: vi.fn() }))
vi.mock('@/api/auditLogs', () => api)
vi.mock('vue-router', async (original) => ({
  ...(await original<typeof import('vue-router')>()),
  useRouter: () => ({ push: vi.fn(), replace: vi.fn() }),
  useRoute: () => ({ params: {}, query: {} }),
}))

const plugins = { global: { plugins: [[ElementPlus, { locale: zhCn }]] as never, stubs: { RouterLink: true } }, attachTo: document.body }

function row(id: number, action: string): AuditLog {
  return {
    id,
    action,
    actor_id: 2,
    actor_name: 'ops',
    actor_type: 'admin',
    changes: {},
    created_at: '2026-12-03T08:00:00Z',
    ip: '127.0.0.1',
    target_id: '1',
    target_type: 'admin_user',
    user_agent: '',
    workspace: '',
  }
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.clearAllMocks()
  document.body.innerHTML = ''
})

describe('audit log list', () => {
  it('tags refused privilege changes 已拒绝 and leaves the others alone', async () => {
    api.listAuditLogs.mockResolvedValue({
      items: [row(1, 'admin.reset_password.refused'), row(2, 'role.update')],
      total: 2,
      page: 1,
      page_size: 20,
    })
    const { default: AuditLogs } = await import('@/views/audit/logs/index.vue')
    const wrapper = mount(AuditLogs, plugins)
    await flushPromises()
    const actions = wrapper.findAll('[data-test="audit-action-cell"]').map((cell) => cell.text())
    expect(actions).toEqual(['admin.reset_password.refused', 'role.update'])
    const tags = wrapper.findAll('[data-test="audit-refused"]')
    expect(tags).toHaveLength(1)
    expect(tags[0].text()).toBe('已拒绝')
    wrapper.unmount()
  })
})
