import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h, type Component } from 'vue'
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
})
