import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h, type Component } from 'vue'
import { createMemoryHistory, createRouter, RouterLink } from 'vue-router'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import ListPage from '@/components/ListPage.vue'
import { useListPage } from '@/composables/useListPage'
import type { ColumnDef } from '@/composables/useColumnSettings'
import type { ListQuery, Page } from '@/api/models'
import { HttpError } from '@/api/http'

type Row = {
  id: number
  name: string
  phone: string
}

const columns: ColumnDef<Row>[] = [
  { prop: 'id', label: 'ID', sortable: true },
  { prop: 'name', label: '姓名', hideable: false },
  { prop: 'phone', label: '手机号' },
]

function mountList(fetch: (q: ListQuery) => Promise<Page<Row>>, exportFn?: (q: ListQuery) => Promise<unknown>) {
  let list!: ReturnType<typeof useListPage<Row>>
  const Host = defineComponent({
    setup() {
      list = useListPage<Row>({ fetch, exportFn })
      return () => h(ListPage as unknown as Component, { list, columns, storageKey: `spec-${Math.random()}`, selectable: true })
    },
  })
  const wrapper = mount(Host, { global: { plugins: [[ElementPlus, { locale: zhCn }]] }, attachTo: document.body })
  return { wrapper, list: () => list }
}

describe('ListPage', () => {
  it('renders rows and the total', async () => {
    const { wrapper } = mountList(async () => ({ items: [{ id: 1, name: '王明', phone: '13800000001' }], total: 1, page: 1, page_size: 20 }))
    await flushPromises()
    expect(wrapper.text()).toContain('王明')
    expect(wrapper.text()).toContain('13800000001')
    expect(wrapper.text()).toContain('共 1 条')
    wrapper.unmount()
  })

  it('shows the empty state', async () => {
    const { wrapper } = mountList(async () => ({ items: [], total: 0, page: 1, page_size: 20 }))
    await flushPromises()
    expect(wrapper.find('[data-test="list-empty"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('暂无数据')
    wrapper.unmount()
  })

  it('shows the error state with a retry that reloads', async () => {
    let fail = true
    const fetch = vi.fn(async () => {
      if (fail) throw new HttpError(500, 'HTTP_500', '服务器开小差了')
      return { items: [{ id: 2, name: '李雷', phone: '' }], total: 1, page: 1, page_size: 20 }
    })
    const { wrapper } = mountList(fetch)
    await flushPromises()
    const error = wrapper.find('[data-test="list-error"]')
    expect(error.exists()).toBe(true)
    expect(error.text()).toContain('服务器开小差了')
    fail = false
    await error.find('button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="list-error"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('李雷')
    wrapper.unmount()
  })

  it('searches with the keyword from page 1', async () => {
    const fetch = vi.fn(async (_q: ListQuery) => ({ items: [], total: 0, page: 1, page_size: 20 }))
    const { wrapper } = mountList(fetch)
    await flushPromises()
    await wrapper.find('input[data-test="list-keyword"]').setValue('王')
    await wrapper.find('[data-test="list-search-btn"]').trigger('click')
    await flushPromises()
    expect(fetch).toHaveBeenLastCalledWith({ page: 1, page_size: 20, q: '王' })
    wrapper.unmount()
  })

  it('shows the export button only for lists that can export', async () => {
    const a = mountList(async () => ({ items: [], total: 0, page: 1, page_size: 20 }))
    await flushPromises()
    expect(a.wrapper.find('[data-test="list-export"]').exists()).toBe(false)
    a.wrapper.unmount()
    const b = mountList(async () => ({ items: [], total: 0, page: 1, page_size: 20 }), async () => 'x.xlsx')
    await flushPromises()
    expect(b.wrapper.find('[data-test="list-export"]').exists()).toBe(true)
    b.wrapper.unmount()
  })

  it('renders cell and row-action slots only for real rows (no links built for an empty row)', async () => {
    // el-table-column calls its default slot once with an empty placeholder row; a link to `params: { id: row.id }`
    // built from it throws "Missing required param" and breaks the whole page.
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { render: () => null } },
        { path: '/people/:id', name: 'Person', component: { render: () => null } },
      ],
    })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const rowsSeen: unknown[] = []
    const Host = defineComponent({
      setup() {
        const list = useListPage<Row>({ fetch: async () => ({ items: [{ id: 7, name: '王明', phone: '' }], total: 1, page: 1, page_size: 20 }) })
        return () =>
          h(ListPage as unknown as Component, { list, columns, storageKey: `spec-${Math.random()}` }, {
            'cell-name': ({ row }: { row: Row }) => {
              rowsSeen.push(row)
              return h(RouterLink, { to: { name: 'Person', params: { id: row.id } }, 'data-test': 'person-link' }, () => row.name)
            },
            'row-actions': ({ row }: { row: Row }) => h(RouterLink, { to: { name: 'Person', params: { id: row.id } } }, () => '详情'),
          })
      },
    })
    const wrapper = mount(Host, { global: { plugins: [[ElementPlus, { locale: zhCn }], router] }, attachTo: document.body })
    await router.isReady()
    await flushPromises()
    const messages = [...warn.mock.calls, ...error.mock.calls].map((args) => args.map(String).join(' '))
    warn.mockRestore()
    error.mockRestore()
    expect(messages).toEqual([])
    expect(rowsSeen.every((r) => (r as Row).id === 7)).toBe(true)
    expect(wrapper.find('[data-test="person-link"]').attributes('href')).toBe('/people/7')
    wrapper.unmount()
  })
})
