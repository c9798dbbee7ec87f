import { AxiosError, AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'
import { expect } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import type { TokenPair } from '@/utils/token'

export interface FakeAnswer {
  status: number
  data?: unknown
  headers?: Record<string, string>
  delay?: number
}

export interface SeenRequest {
  method: string
  url: string
  authorization: string | undefined
  idempotencyKey: string | undefined
  params: unknown
  data: unknown
}

/** An axios adapter answering from `handler`; non-2xx answers reject like axios' own adapters. */
export function fakeAdapter(handler: (req: SeenRequest, config: InternalAxiosRequestConfig) => FakeAnswer | Promise<FakeAnswer>) {
  const seen: SeenRequest[] = []
  const adapter: AxiosAdapter = async (config) => {
    const headers = AxiosHeaders.from(config.headers)
    const req: SeenRequest = {
      method: (config.method ?? 'get').toUpperCase(),
      url: config.url ?? '',
      authorization: headers.get('Authorization') as string | undefined,
      idempotencyKey: headers.get('Idempotency-Key') as string | undefined,
      params: config.params,
      data: typeof config.data === 'string' ? JSON.parse(config.data) : config.data,
    }
    seen.push(req)
    const answer = await handler(req, config)
    if (answer.delay) await new Promise((r) => setTimeout(r, answer.delay))
    const response = { data: answer.data, status: answer.status, statusText: String(answer.status), headers: answer.headers ?? {}, config, request: {} }
    if (answer.status >= 200 && answer.status < 300) return response
    throw new AxiosError(`Request failed with status code ${answer.status}`, AxiosError.ERR_BAD_REQUEST, config, {}, response)
  }
  return { adapter, seen }
}

export function memoryTokens(initial: TokenPair | null) {
  let pair = initial
  return {
    load: () => pair,
    save: (p: TokenPair) => {
      pair = p
    },
    clear: () => {
      pair = null
    },
    get current() {
      return pair
    },
  }
}

export function errorBody(code: number, error_code: string, message: string, errors?: Record<string, string[]>) {
  return { code, status: 'x', error_code, message, ...(errors ? { errors } : {}) }
}

/**
 * A ListPage's keyword box: not sent until used; from page 3 a search goes back to page 1 with the trimmed keyword
 * as `q`. The list must answer more than two pages.
 */
export async function expectKeywordSearch(
  wrapper: VueWrapper,
  fetch: (...args: never[]) => unknown,
  placeholder: string,
  keyword: string,
) {
  expect(fetch).toHaveBeenLastCalledWith(expect.not.objectContaining({ q: expect.anything() }))
  const box = wrapper.find('input[data-test="list-keyword"]')
  expect(box.exists()).toBe(true)
  expect(box.attributes('placeholder')).toBe(placeholder)
  await wrapper.find('.el-pagination .number:nth-child(3)').trigger('click')
  await flushPromises()
  expect(fetch).toHaveBeenLastCalledWith(expect.objectContaining({ page: 3 }))
  await box.setValue(` ${keyword} `)
  await wrapper.find('[data-test="list-search-btn"]').trigger('click')
  await flushPromises()
  expect(fetch).toHaveBeenLastCalledWith(expect.objectContaining({ q: keyword, page: 1 }))
}
