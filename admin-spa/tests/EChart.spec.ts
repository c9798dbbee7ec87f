import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import EChart from '@/components/EChart.vue'

// jsdom draws no canvas: the chart instance is a stand-in; what matters is when the component starts it.
const fakeChart = { setOption: vi.fn(), resize: vi.fn(), showLoading: vi.fn(), hideLoading: vi.fn(), dispose: vi.fn() }
const init = vi.hoisted(() => vi.fn())
vi.mock('echarts/core', async (original) => ({ ...(await original<typeof import('echarts/core')>()), init }))

// jsdom lays nothing out: every box is 0 × 0, like a chart inside a tab that is not open yet.
let observed: (() => void) | undefined
class FakeResizeObserver {
  constructor(callback: () => void) {
    observed = callback
  }
  observe() {}
  disconnect() {}
}

afterEach(() => {
  vi.unstubAllGlobals()
  init.mockReset()
  observed = undefined
})

describe('EChart', () => {
  it('starts the chart only once its box has a size (ECharts warns about a 0 × 0 box in a hidden tab)', async () => {
    init.mockReturnValue(fakeChart)
    vi.stubGlobal('ResizeObserver', FakeResizeObserver)
    const option = { series: [{ type: 'pie' as const, data: [{ value: 1, name: '已支付' }] }] }
    const wrapper = mount(EChart, { props: { option } })
    expect(init).not.toHaveBeenCalled()
    // the tab opens: the box gets its size and the observer reports it
    Object.defineProperty(wrapper.element, 'clientWidth', { configurable: true, value: 600 })
    Object.defineProperty(wrapper.element, 'clientHeight', { configurable: true, value: 300 })
    observed?.()
    expect(init).toHaveBeenCalledTimes(1)
    expect(fakeChart.setOption).toHaveBeenCalledWith(option)
    observed?.() // later size changes only resize
    expect(init).toHaveBeenCalledTimes(1)
    expect(fakeChart.resize).toHaveBeenCalled()
    wrapper.unmount()
  })
})
