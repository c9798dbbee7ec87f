import { describe, expect, it, vi } from 'vitest'
import { AxiosError, type AxiosAdapter } from 'axios'
import { createApi, createHttpClient, filenameFromDisposition, HttpError, isHttpError } from '@/api/http'
import { errorBody, fakeAdapter, memoryTokens } from './helpers'

function setup(handler: Parameters<typeof fakeAdapter>[0], tokens = memoryTokens({ accessToken: 'A1', refreshToken: 'R1' })) {
  const { adapter, seen } = fakeAdapter(handler)
  const onAuthFailure = vi.fn()
  const onPasswordChangeRequired = vi.fn()
  const notify = vi.fn()
  const instance = createHttpClient({ baseURL: '/api/v1', tokens, adapter, onAuthFailure, onPasswordChangeRequired, notify })
  return { api: createApi(instance), seen, tokens, onAuthFailure, onPasswordChangeRequired, notify }
}

describe('http: tokens', () => {
  it('attaches the access token', async () => {
    const t = setup(() => ({ status: 200, data: { ok: true } }))
    await expect(t.api.get('/admin/me')).resolves.toEqual({ ok: true })
    expect(t.seen[0]!.authorization).toBe('Bearer A1')
  })

  it('sends no token on skipAuth requests (login)', async () => {
    const t = setup(() => ({ status: 200, data: {} }))
    await t.api.post('/admin/auth/login', { username: 'a', password: 'b' }, { skipAuth: true })
    expect(t.seen[0]!.authorization).toBeUndefined()
  })

  it('refreshes once for concurrent TOKEN_EXPIRED answers, queues the others, then retries all', async () => {
    let refreshCalls = 0
    const t = setup((req) => {
      if (req.url === '/admin/auth/refresh') {
        refreshCalls++
        expect(req.authorization).toBe('Bearer R1')
        return { status: 200, delay: 20, data: { access_token: 'A2', refresh_token: 'R2', token_type: 'Bearer', expires_in: 1800, password_change_required: false } }
      }
      if (req.authorization === 'Bearer A1') return { status: 401, data: errorBody(401, 'TOKEN_EXPIRED', '登录已过期') }
      return { status: 200, data: { url: req.url } }
    })
    const answers = await Promise.all([t.api.get('/a'), t.api.get('/b'), t.api.get('/c')])
    expect(answers).toEqual([{ url: '/a' }, { url: '/b' }, { url: '/c' }])
    expect(refreshCalls).toBe(1)
    expect(t.tokens.current).toEqual({ accessToken: 'A2', refreshToken: 'R2', passwordChangeRequired: false })
    const retried = t.seen.filter((r) => r.url !== '/admin/auth/refresh' && r.authorization === 'Bearer A2').map((r) => r.url)
    expect(retried.sort()).toEqual(['/a', '/b', '/c'])
    expect(t.notify).not.toHaveBeenCalled()
  })

  it('holds requests that start while a refresh is running until it ends', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const t = setup(async (req) => {
      if (req.url === '/admin/auth/refresh') {
        await gate
        return { status: 200, data: { access_token: 'A2', refresh_token: 'R2', password_change_required: false } }
      }
      if (req.authorization === 'Bearer A1') return { status: 401, data: errorBody(401, 'TOKEN_EXPIRED', '过期') }
      return { status: 200, data: req.authorization }
    })
    const first = t.api.get('/first')
    await new Promise((r) => setTimeout(r, 5)) // the refresh is now in flight
    const second = t.api.get('/second')
    await new Promise((r) => setTimeout(r, 5))
    release()
    await expect(first).resolves.toBe('Bearer A2')
    await expect(second).resolves.toBe('Bearer A2')
    // the second request never went out with the expired token
    expect(t.seen.filter((r) => r.url === '/second').map((r) => r.authorization)).toEqual(['Bearer A2'])
  })

  it('retries only once: a second TOKEN_EXPIRED after refresh fails the request', async () => {
    let refreshCalls = 0
    const t = setup((req) => {
      if (req.url === '/admin/auth/refresh') {
        refreshCalls++
        return { status: 200, data: { access_token: `A${refreshCalls + 1}`, refresh_token: 'Rx', password_change_required: false } }
      }
      return { status: 401, data: errorBody(401, 'TOKEN_EXPIRED', '过期') }
    })
    await expect(t.api.get('/x')).rejects.toBeInstanceOf(HttpError)
    expect(refreshCalls).toBe(1)
    expect(t.onAuthFailure).toHaveBeenCalledTimes(1)
  })

  it('ends the session once when the refresh fails, and rejects every queued request', async () => {
    const t = setup((req) => {
      if (req.url === '/admin/auth/refresh') return { status: 401, delay: 10, data: errorBody(401, 'TOKEN_REVOKED', '令牌已失效') }
      return { status: 401, data: errorBody(401, 'TOKEN_EXPIRED', '过期') }
    })
    const results = await Promise.allSettled([t.api.get('/a'), t.api.get('/b')])
    expect(results.every((r) => r.status === 'rejected')).toBe(true)
    for (const r of results) {
      const reason = (r as PromiseRejectedResult).reason
      expect(isHttpError(reason) && reason.status).toBe(401)
    }
    expect(t.seen.filter((r) => r.url === '/admin/auth/refresh')).toHaveLength(1)
    expect(t.onAuthFailure).toHaveBeenCalledTimes(1)
    expect(t.tokens.current).toBeNull()
  })

  it('goes to login on other 401s (token invalid), without refreshing', async () => {
    const t = setup(() => ({ status: 401, data: errorBody(401, 'TOKEN_INVALID', '请重新登录') }))
    await expect(t.api.get('/x')).rejects.toMatchObject({ status: 401, errorCode: 'TOKEN_INVALID' })
    expect(t.seen).toHaveLength(1)
    expect(t.onAuthFailure).toHaveBeenCalledTimes(1)
    expect(t.tokens.current).toBeNull()
  })

  it('a failed login (skipAuth 401) neither refreshes nor redirects', async () => {
    const t = setup(() => ({ status: 401, data: errorBody(401, 'INVALID_CREDENTIALS', '用户名或密码错误') }))
    await expect(t.api.post('/admin/auth/login', {}, { skipAuth: true })).rejects.toMatchObject({ message: '用户名或密码错误' })
    expect(t.onAuthFailure).not.toHaveBeenCalled()
    expect(t.notify).toHaveBeenCalledWith('用户名或密码错误')
  })

  it('sends to the change-password page on 403 PASSWORD_CHANGE_REQUIRED', async () => {
    const t = setup(() => ({ status: 403, data: errorBody(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改密码') }))
    await expect(t.api.get('/admin/roles')).rejects.toMatchObject({ status: 403 })
    expect(t.onPasswordChangeRequired).toHaveBeenCalledTimes(1)
  })
})

describe('http: errors', () => {
  it("shows the server's message and exposes field errors", async () => {
    const t = setup(() => ({ status: 422, data: errorBody(422, 'VALIDATION_ERROR', '提交的内容有误', { username: ['用户名已存在'] }) }))
    const error = await t.api.post('/admin/accounts', {}).catch((e: unknown) => e)
    expect(isHttpError(error)).toBe(true)
    const e = error as HttpError
    expect(e.status).toBe(422)
    expect(e.errorCode).toBe('VALIDATION_ERROR')
    expect(e.errors).toEqual({ username: ['用户名已存在'] })
    expect(t.notify).toHaveBeenCalledWith('提交的内容有误')
  })

  it('silent requests do not show the message', async () => {
    const t = setup(() => ({ status: 403, data: errorBody(403, 'PERMISSION_DENIED', '没有权限') }))
    await expect(t.api.get('/x', undefined, { silent: true })).rejects.toMatchObject({ errorCode: 'PERMISSION_DENIED' })
    expect(t.notify).not.toHaveBeenCalled()
  })

  it('reads retry_after on 429 (body, or the Retry-After header)', async () => {
    const t = setup(() => ({ status: 429, headers: { 'retry-after': '42' }, data: errorBody(429, 'RATE_LIMITED', '操作过于频繁') }))
    await expect(t.api.get('/x')).rejects.toMatchObject({ status: 429, retryAfter: 42 })
  })

  it('uses a Chinese fallback when the answer is not the JSON error shape', async () => {
    const t = setup(() => ({ status: 502, data: '<html>Bad gateway</html>' }))
    await expect(t.api.get('/x')).rejects.toMatchObject({ status: 502, message: '服务暂不可用，请稍后再试' })
  })

  it('parses an error that arrives as a Blob (downloads)', async () => {
    const blob = new Blob([JSON.stringify(errorBody(403, 'PERMISSION_DENIED', '没有导出权限'))], { type: 'application/json' })
    const t = setup(() => ({ status: 403, data: blob }))
    await expect(t.api.get('/x', undefined, { responseType: 'blob' })).rejects.toMatchObject({ message: '没有导出权限', errorCode: 'PERMISSION_DENIED' })
  })

  it('turns a network failure and a timeout into HttpErrors', async () => {
    const tokens = memoryTokens(null)
    const notify = vi.fn()
    const failing = (code: string): AxiosAdapter => async (config) => {
      throw new AxiosError('boom', code, config)
    }
    const network = createApi(createHttpClient({ baseURL: '/', tokens, notify, adapter: failing(AxiosError.ERR_NETWORK) }))
    await expect(network.get('/x')).rejects.toMatchObject({ status: 0, errorCode: 'NETWORK_ERROR', message: '网络异常，请检查网络连接' })
    const timeout = createApi(createHttpClient({ baseURL: '/', tokens, notify, adapter: failing(AxiosError.ECONNABORTED) }))
    await expect(timeout.get('/x')).rejects.toMatchObject({ errorCode: 'TIMEOUT' })
    expect(notify).toHaveBeenCalledWith('网络异常，请检查网络连接')
  })
})

describe('http: idempotency', () => {
  it('adds an Idempotency-Key to POSTs marked idempotent, only to those', async () => {
    const t = setup(() => ({ status: 200, data: {} }))
    await t.api.post('/pay', { a: 1 }, { idempotent: true })
    await t.api.post('/plain', { a: 1 })
    await t.api.put('/put', { a: 1 }, { idempotent: true })
    expect(t.seen[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/)
    expect(t.seen[1]!.idempotencyKey).toBeUndefined()
    expect(t.seen[2]!.idempotencyKey).toBeUndefined()
  })

  it('a new key per call, the same key when retried after a refresh', async () => {
    const t = setup((req) => {
      if (req.url === '/admin/auth/refresh') return { status: 200, data: { access_token: 'A2', refresh_token: 'R2', password_change_required: false } }
      if (req.url === '/pay' && req.authorization === 'Bearer A1') return { status: 401, data: errorBody(401, 'TOKEN_EXPIRED', '过期') }
      return { status: 201, data: {} }
    })
    await t.api.post('/pay', { amount: 100 }, { idempotent: true })
    await t.api.post('/pay', { amount: 100 }, { idempotent: true })
    const keys = t.seen.filter((r) => r.url === '/pay').map((r) => r.idempotencyKey)
    expect(keys).toHaveLength(3)
    expect(keys[0]).toBe(keys[1])
    expect(keys[2]).not.toBe(keys[0])
  })
})

describe('filenameFromDisposition', () => {
  it.each([
    ["attachment; filename*=UTF-8''%E5%AE%A1%E8%AE%A1%E6%97%A5%E5%BF%97.xlsx", '审计日志.xlsx'],
    ['attachment; filename="audit-logs.xlsx"', 'audit-logs.xlsx'],
    ['attachment; filename=audit.xlsx', 'audit.xlsx'],
    [undefined, 'fallback.xlsx'],
    ['attachment', 'fallback.xlsx'],
  ])('%s → %s', (header, expected) => {
    expect(filenameFromDisposition(header, 'fallback.xlsx')).toBe(expected)
  })
})
