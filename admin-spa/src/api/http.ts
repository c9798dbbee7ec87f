// The console's one axios instance and its interceptor chain:
// attach the access token → (on 401 TOKEN_EXPIRED) refresh once while queueing other requests, then retry →
// turn every failure into an HttpError carrying the server's message and field errors, and show the message.
import axios, {
  AxiosHeaders,
  type AxiosAdapter,
  type AxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type InternalAxiosRequestConfig,
} from 'axios'
import type { ApiErrorBody } from './models'
import { newUuid } from '@/utils/uuid'
import { clearTokens, loadTokens, saveTokens, type TokenPair } from '@/utils/token'
import { ElMessage } from 'element-plus'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Money-moving POST: send an Idempotency-Key so a retry or a double click is harmless. */
    idempotent?: boolean
    /** Do not show the error message (the caller shows it its own way). */
    silent?: boolean
    /** Send no access token and never try to refresh (login, refresh itself). */
    skipAuth?: boolean
    /** Internal: this request was already retried after a token refresh. */
    _retried?: boolean
    /** Internal: the access token this request was sent with. */
    _sentToken?: string
  }
}

export type FieldErrors = Record<string, string[]>

/** Every failed request rejects with this, whatever went wrong (HTTP error, network, timeout). */
export class HttpError extends Error {
  readonly status: number
  readonly errorCode: string
  /** Field → Chinese messages (422 validation); forms map them onto their fields. */
  readonly errors: FieldErrors
  readonly retryAfter?: number
  readonly body?: ApiErrorBody

  constructor(status: number, errorCode: string, message: string, errors: FieldErrors = {}, retryAfter?: number, body?: ApiErrorBody) {
    super(message)
    this.name = 'HttpError'
    this.status = status
    this.errorCode = errorCode
    this.errors = errors
    this.retryAfter = retryAfter
    this.body = body
  }
}

export function isHttpError(value: unknown): value is HttpError {
  return value instanceof HttpError
}

export interface TokenStore {
  load(): TokenPair | null
  save(pair: TokenPair): void
  clear(): void
}

export interface HttpClientOptions {
  baseURL: string
  tokens: TokenStore
  refreshPath?: string
  /** Called once when the session is over (refresh failed or token invalid): go to login. */
  onAuthFailure?: () => void
  /** Called on 403 PASSWORD_CHANGE_REQUIRED: go to the change-password page. */
  onPasswordChangeRequired?: () => void
  /** Shows an error message to the person (ElMessage in the app). */
  notify?: (message: string) => void
  adapter?: AxiosAdapter
  timeout?: number
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: '请求有误',
  401: '登录已失效，请重新登录',
  403: '没有权限执行该操作',
  404: '请求的资源不存在',
  405: '不支持的请求方式',
  409: '操作与当前状态冲突',
  422: '提交的内容有误，请检查',
  429: '操作过于频繁，请稍后再试',
  500: '服务器开小差了，请稍后再试',
  502: '服务暂不可用，请稍后再试',
  503: '服务暂不可用，请稍后再试',
}

function isErrorBody(value: unknown): value is ApiErrorBody & { message: string } {
  return !!value && typeof value === 'object' && 'message' in value && typeof (value as { message: unknown }).message === 'string'
}

function blobText(blob: Blob): Promise<string> {
  if (typeof blob.text === 'function') return blob.text()
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error)
    reader.readAsText(blob)
  })
}

async function readBody(data: unknown): Promise<unknown> {
  // Downloads ask for a Blob; an error answer then arrives as a Blob holding the JSON error.
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    try {
      return JSON.parse(await blobText(data))
    } catch {
      return undefined
    }
  }
  if (typeof data === 'string') {
    try {
      return JSON.parse(data)
    } catch {
      return undefined
    }
  }
  return data
}

/** Builds the HttpError for an axios failure (with or without an answer). */
export async function toHttpError(error: AxiosError): Promise<HttpError> {
  const response = error.response
  if (!response) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') return new HttpError(0, 'TIMEOUT', '请求超时，请稍后重试')
    if (error.code === 'ERR_CANCELED') return new HttpError(0, 'CANCELED', '请求已取消')
    return new HttpError(0, 'NETWORK_ERROR', '网络异常，请检查网络连接')
  }
  const body = await readBody(response.data)
  const status = response.status
  if (isErrorBody(body)) {
    const retryHeader = Number(response.headers?.['retry-after'])
    const retryAfter = body.retry_after ?? (Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined)
    return new HttpError(status, body.error_code || `HTTP_${status}`, body.message, (body.errors as FieldErrors | undefined) ?? {}, retryAfter, body)
  }
  return new HttpError(status, `HTTP_${status}`, FALLBACK_MESSAGES[status] ?? `请求失败（${status}）`)
}

export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const refreshPath = options.refreshPath ?? '/admin/auth/refresh'
  const instance = axios.create({
    baseURL: options.baseURL,
    timeout: options.timeout ?? 30000,
    adapter: options.adapter,
    headers: { Accept: 'application/json' },
  })

  // One refresh at a time: requests failing (or starting) meanwhile wait on the same promise, then go again.
  let refreshing: Promise<string> | null = null
  let sessionEnded = false

  function endSession() {
    options.tokens.clear()
    if (!sessionEnded) {
      sessionEnded = true
      options.onAuthFailure?.()
      // Let a later login start a new session.
      setTimeout(() => (sessionEnded = false), 0)
    }
  }

  function refreshAccessToken(): Promise<string> {
    if (refreshing) return refreshing
    refreshing = (async () => {
      const pair = options.tokens.load()
      if (!pair) throw new HttpError(401, 'NOT_LOGGED_IN', '请先登录')
      const res = await instance.post(refreshPath, null, {
        headers: { Authorization: `Bearer ${pair.refreshToken}` },
        skipAuth: true,
        silent: true,
      })
      const data = res.data as { access_token: string; refresh_token: string; password_change_required?: boolean }
      options.tokens.save({
        accessToken: data.access_token,
        refreshToken: data.refresh_token,
        passwordChangeRequired: data.password_change_required ?? pair.passwordChangeRequired,
      })
      return data.access_token
    })()
    refreshing.then(
      () => (refreshing = null),
      () => (refreshing = null),
    )
    return refreshing
  }

  instance.interceptors.request.use(async (config: InternalAxiosRequestConfig) => {
    const headers = AxiosHeaders.from(config.headers)
    if (!config.skipAuth) {
      if (refreshing) {
        try {
          await refreshing
        } catch {
          /* the failing refresh ends the session; this request then fails with 401 */
        }
      }
      const pair = options.tokens.load()
      if (pair) {
        headers.set('Authorization', `Bearer ${pair.accessToken}`)
        config._sentToken = pair.accessToken
      }
    }
    if (config.idempotent && (config.method ?? 'get').toLowerCase() === 'post' && !headers.has('Idempotency-Key')) {
      headers.set('Idempotency-Key', newUuid())
    }
    config.headers = headers
    return config
  })

  instance.interceptors.response.use(undefined, async (error: AxiosError) => {
    const config = error.config as InternalAxiosRequestConfig | undefined
    const httpError = await toHttpError(error)

    if (config && httpError.status === 401 && !config.skipAuth) {
      if (httpError.errorCode === 'TOKEN_EXPIRED' && !config._retried) {
        config._retried = true
        const current = options.tokens.load()
        // Another request already refreshed after this one was sent: just go again with the new token.
        if (current && config._sentToken && current.accessToken !== config._sentToken) return instance.request(config)
        try {
          await refreshAccessToken()
        } catch (refreshError) {
          endSession()
          const failure = isHttpError(refreshError) ? refreshError : httpError
          if (!config.silent) options.notify?.('登录已过期，请重新登录')
          throw new HttpError(401, failure.errorCode, '登录已过期，请重新登录', {}, undefined, failure.body)
        }
        return instance.request(config)
      }
      endSession()
      if (!config.silent) options.notify?.(httpError.message)
      throw httpError
    }

    if (httpError.status === 403 && httpError.errorCode === 'PASSWORD_CHANGE_REQUIRED') {
      options.onPasswordChangeRequired?.()
    }
    if (!config?.silent) options.notify?.(httpError.message)
    throw httpError
  })

  return instance
}

/** `filename*=UTF-8''…` or `filename="…"` from a Content-Disposition header. */
export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''))
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*("?)([^";]+)\1/.exec(header)
  return plain?.[2]?.trim() || fallback
}

/** Thin typed helpers over an instance: answer bodies, not axios responses. */
export function createApi(instance: AxiosInstance) {
  return {
    instance,
    async get<T>(url: string, params?: object, config?: AxiosRequestConfig): Promise<T> {
      return (await instance.get<T>(url, { ...config, params })).data
    },
    async post<T>(url: string, body?: unknown, config?: AxiosRequestConfig): Promise<T> {
      return (await instance.post<T>(url, body, config)).data
    },
    async put<T>(url: string, body?: unknown, config?: AxiosRequestConfig): Promise<T> {
      return (await instance.put<T>(url, body, config)).data
    },
    async patch<T>(url: string, body?: unknown, config?: AxiosRequestConfig): Promise<T> {
      return (await instance.patch<T>(url, body, config)).data
    },
    async delete<T = void>(url: string, config?: AxiosRequestConfig): Promise<T> {
      return (await instance.delete<T>(url, config)).data
    },
    /** GETs a file with the given query and hands it to the browser as a download. */
    async download(url: string, params: object | undefined, fallbackName: string): Promise<string> {
      const res = await instance.get<Blob>(url, { params, responseType: 'blob' })
      const name = filenameFromDisposition(res.headers['content-disposition'] as string | undefined, fallbackName)
      saveBlob(res.data, name)
      return name
    },
  }
}

export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = filename
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 1000)
}

export type Api = ReturnType<typeof createApi>

// ---- The app's instance -------------------------------------------------------------------------------------------

/** Navigation hooks, set by main.ts once the router exists (keeps this module free of router imports). */
export const httpHooks: { onAuthFailure?: () => void; onPasswordChangeRequired?: () => void } = {}

export const http = createHttpClient({
  baseURL: import.meta.env.VITE_API_BASE || '/api/v1',
  tokens: { load: loadTokens, save: saveTokens, clear: clearTokens },
  onAuthFailure: () => httpHooks.onAuthFailure?.(),
  onPasswordChangeRequired: () => httpHooks.onPasswordChangeRequired?.(),
  notify: (message) => ElMessage({ type: 'error', message, grouping: true, showClose: true }),
})

export const api = createApi(http)
