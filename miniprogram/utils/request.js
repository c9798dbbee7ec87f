/**
 * The one place that talks HTTP (wx.request / wx.downloadFile / wx.uploadFile). Services call it; pages never do.
 *
 * - resolves with the parsed body (null for 204); rejects with the server error
 *   `{code, status, error_code, message, errors, retry_after, statusCode, details}` (`details`: the body's other
 *   fields, such as the new amounts of 409 PRICE_CHANGED) and, unless the caller passes
 *   `showError: false`, shows `message` in a toast;
 * - attaches `Authorization: Bearer <access token>`; `auth: false` sends none; `auth: 'optional'` (public storefront
 *   calls that answer the member's price) sends it when there is one, and when the session turns out dead repeats the
 *   call as a visitor (session forgotten quietly, no login page);
 * - on `401 TOKEN_EXPIRED` refreshes once through POST /auth/refresh; calls made meanwhile wait for that refresh,
 *   then everything is retried with the new token; a failed refresh clears the session and opens the login page;
 * - every POST carries an `Idempotency-Key` (kept across the retry, and reusable by the caller for a re-submit);
 * - `upload()` sends a local file as multipart/form-data through wx.uploadFile, whose answer body is a string:
 *   it is parsed as JSON and its `statusCode` checked like any other answer.
 */
const env = require('../config/env');
const session = require('./session');

const LOGIN_ROUTE = 'pages/auth/login/index';
const PASSWORD_ROUTE = 'pages/settings/password/index';
const DEFAULT_TIMEOUT_MS = 15000;
const UPLOAD_TIMEOUT_MS = 60000; // a 2 MB picture on a slow mobile network

let refreshing = null; // the refresh in flight: every caller that needs a fresh token waits on this one promise
let redirectingToLogin = false;

function createIdempotencyKey() {
  // RFC 4122 v4 layout; uniqueness per tap is all the server needs (8–64 chars).
  const hex = [];
  for (let i = 0; i < 32; i += 1) hex.push(Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function buildQuery(query) {
  if (!query) return '';
  const parts = [];
  Object.keys(query).forEach((key) => {
    const value = query[key];
    if (value === undefined || value === null || value === '') return;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  });
  return parts.length ? `?${parts.join('&')}` : '';
}

function buildUrl(path, query) {
  if (/^https?:\/\//.test(path)) return path + buildQuery(query);
  return env.getBaseUrl() + (path.charAt(0) === '/' ? path : `/${path}`) + buildQuery(query);
}

function headerValue(header, name) {
  if (!header) return undefined;
  const wanted = name.toLowerCase();
  const key = Object.keys(header).find((k) => k.toLowerCase() === wanted);
  return key ? header[key] : undefined;
}

function parseBody(data) {
  if (typeof data !== 'string') return data;
  if (!data) return null;
  try {
    return JSON.parse(data);
  } catch (e) {
    return data;
  }
}

const FALLBACK_MESSAGES = {
  400: '请求有误',
  401: '请先登录',
  403: '没有权限',
  404: '内容不存在',
  405: '不支持的操作',
  409: '操作冲突，请刷新后重试',
  422: '填写的内容有误',
  429: '操作太频繁，请稍后再试',
};

function toServerError(statusCode, body, header) {
  const data = body && typeof body === 'object' ? body : {};
  const error = {
    code: data.code || statusCode,
    status: data.status || '',
    error_code: data.error_code || `HTTP_${statusCode}`,
    message: data.message || FALLBACK_MESSAGES[statusCode] || '服务器开小差了，请稍后重试',
    errors: data.errors || {},
    statusCode,
  };
  let retryAfter = data.retry_after;
  if (retryAfter === undefined) {
    const fromHeader = parseInt(headerValue(header, 'Retry-After'), 10);
    if (!Number.isNaN(fromHeader)) retryAfter = fromHeader;
  }
  if (retryAfter !== undefined) error.retry_after = retryAfter;
  // Anything else the server put in the body (e.g. the new amounts of 409 PRICE_CHANGED) goes along in `details`.
  const known = ['code', 'status', 'error_code', 'message', 'errors', 'retry_after'];
  const details = {};
  Object.keys(data).forEach((key) => {
    if (known.indexOf(key) === -1) details[key] = data[key];
  });
  if (Object.keys(details).length) error.details = details;
  return error;
}

function networkError(errMsg) {
  const timedOut = /timeout/i.test(errMsg || '');
  return {
    code: 0,
    status: timedOut ? 'Timeout' : 'NetworkError',
    error_code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
    message: timedOut ? '请求超时，请稍后重试' : '网络连接失败，请检查网络后重试',
    errors: {},
    statusCode: 0,
    errMsg: errMsg || '',
  };
}

function showErrorToast(error) {
  if (!error || !error.message) return;
  wx.showToast({ title: error.message, icon: 'none', duration: 2500 });
}

/** One HTTP exchange, normalised to {statusCode, data, header, tempFilePath}. Network failures reject. */
function transport(kind, url, method, data, header, extra) {
  const more = extra || {};
  return new Promise((resolve, reject) => {
    const fail = (err) => reject(networkError(err && err.errMsg));
    if (kind === 'upload') {
      // wx sets the multipart Content-Type itself; success is called for every HTTP status, with `data` a string.
      const task = wx.uploadFile({
        url,
        filePath: more.filePath,
        name: more.name,
        formData: more.formData,
        header,
        timeout: more.timeout || UPLOAD_TIMEOUT_MS,
        success: (res) => resolve({ statusCode: res.statusCode, data: parseBody(res.data), header: res.header || {} }),
        fail,
      });
      if (more.onProgress && task && typeof task.onProgressUpdate === 'function') {
        task.onProgressUpdate((p) => more.onProgress(p && p.progress));
      }
      return;
    }
    if (kind === 'download') {
      wx.downloadFile({
        url,
        header,
        timeout: more.timeout || DEFAULT_TIMEOUT_MS,
        success: (res) => resolve({ statusCode: res.statusCode, data: null, header: res.header || {}, tempFilePath: res.tempFilePath }),
        fail,
      });
      return;
    }
    wx.request({
      url,
      method,
      data: data === undefined ? undefined : data,
      header,
      timeout: more.timeout || DEFAULT_TIMEOUT_MS,
      success: (res) => resolve({ statusCode: res.statusCode, data: parseBody(res.data), header: res.header || {} }),
      fail,
    });
  });
}

function readDownloadedError(tempFilePath) {
  // A failed download still writes the (JSON) error body to the temp file.
  try {
    return parseBody(wx.getFileSystemManager().readFileSync(tempFilePath, 'utf8'));
  } catch (e) {
    return null;
  }
}

function currentRoute() {
  try {
    const pages = getCurrentPages();
    const top = pages && pages[pages.length - 1];
    return top ? top.route : '';
  } catch (e) {
    return '';
  }
}

function openPage(route) {
  if (currentRoute() === route) return;
  wx.navigateTo({
    url: `/${route}`,
    fail: () => wx.reLaunch({ url: `/${route}` }),
  });
}

/** The session can no longer be used: forget it and send the user to the login page (once, however many calls fail). */
function endSession() {
  session.clear();
  if (redirectingToLogin) return;
  redirectingToLogin = true;
  wx.showToast({ title: '登录已失效，请重新登录', icon: 'none', duration: 2000 });
  openPage(LOGIN_ROUTE);
  setTimeout(() => {
    redirectingToLogin = false;
  }, 1000);
}

async function doRefresh() {
  const refreshToken = session.getRefreshToken();
  if (!refreshToken) throw toServerError(401, { error_code: 'NO_REFRESH_TOKEN', message: '请先登录' });
  const res = await transport('request', buildUrl('/auth/refresh'), 'POST', {}, {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${refreshToken}`,
    'Idempotency-Key': createIdempotencyKey(),
  });
  if (res.statusCode < 200 || res.statusCode >= 300) throw toServerError(res.statusCode, res.data, res.header);
  session.saveLoginAnswer(res.data);
  return res.data;
}

/** Refreshes the token pair unless another call already did it since `expiredToken` was sent. */
function refreshTokens(expiredToken) {
  if (refreshing) return refreshing;
  const current = session.getAccessToken();
  if (current && current !== expiredToken) return Promise.resolve();
  refreshing = doRefresh().then(
    (answer) => {
      refreshing = null;
      return answer;
    },
    (err) => {
      refreshing = null;
      throw err;
    },
  );
  return refreshing;
}

function normalise(options) {
  const method = (options.method || 'GET').toUpperCase();
  return {
    kind: options.kind || 'request',
    path: options.path || options.url,
    method,
    query: options.query,
    data: options.data,
    header: options.header || {},
    auth: options.auth !== false,
    // 'optional': public endpoints that answer more for a logged-in user (their price, their favorites). The token
    // goes along when there is one; when the session turns out dead the call is repeated without it instead of
    // sending the visitor to the login page.
    authOptional: options.auth === 'optional',
    showError: options.showError !== false,
    idempotencyKey: method === 'POST' ? options.idempotencyKey || createIdempotencyKey() : undefined,
    transport: {
      timeout: options.timeout,
      filePath: options.filePath,
      name: options.name,
      formData: options.formData,
      onProgress: options.onProgress,
    },
  };
}

async function send(opts, isRetry) {
  if (opts.auth && refreshing) {
    // Queue behind a refresh in flight instead of spending a request on a token we know is dead.
    try {
      await refreshing;
    } catch (e) {
      // the refresh owner ends the session; this call then goes out without a token and fails as unauthorised
    }
  }
  const tokenUsed = opts.auth ? session.getAccessToken() : '';
  const header = Object.assign({}, opts.header);
  if (opts.kind === 'request' && opts.data !== undefined) header['Content-Type'] = 'application/json';
  if (tokenUsed) header.Authorization = `Bearer ${tokenUsed}`;
  if (opts.idempotencyKey) header['Idempotency-Key'] = opts.idempotencyKey;

  let res;
  try {
    res = await transport(opts.kind, buildUrl(opts.path, opts.query), opts.method, opts.data, header, opts.transport);
  } catch (err) {
    if (opts.showError) showErrorToast(err);
    throw err;
  }

  if (res.statusCode >= 200 && res.statusCode < 300) {
    if (opts.kind === 'download') return { tempFilePath: res.tempFilePath, statusCode: res.statusCode };
    return res.statusCode === 204 ? null : res.data;
  }

  const body = opts.kind === 'download' ? readDownloadedError(res.tempFilePath) : res.data;
  const error = toServerError(res.statusCode, body, res.header);

  if (error.statusCode === 401 && opts.auth && tokenUsed) {
    if (error.error_code === 'TOKEN_EXPIRED' && !isRetry) {
      try {
        await refreshTokens(tokenUsed);
      } catch (refreshError) {
        if (opts.authOptional) return sendAnonymously(opts);
        endSession();
        throw Object.assign({}, refreshError, { error_code: 'SESSION_EXPIRED', message: '登录已失效，请重新登录', handled: true });
      }
      return send(opts, true);
    }
    if (opts.authOptional) return sendAnonymously(opts);
    endSession();
    error.handled = true;
    throw error;
  }

  if (error.statusCode === 403 && error.error_code === 'PASSWORD_CHANGE_REQUIRED') {
    openPage(PASSWORD_ROUTE);
  }
  if (opts.showError) showErrorToast(error);
  throw error;
}

/** A public call whose token is no good any more: forget the dead session quietly and ask again as a visitor. */
function sendAnonymously(opts) {
  session.clear();
  return send(Object.assign({}, opts, { auth: false, authOptional: false }), true);
}

function request(options) {
  return send(normalise(options), false);
}

function get(path, query, options) {
  return request(Object.assign({}, options, { path, method: 'GET', query }));
}

function post(path, data, options) {
  return request(Object.assign({}, options, { path, method: 'POST', data: data === undefined ? {} : data }));
}

function put(path, data, options) {
  return request(Object.assign({}, options, { path, method: 'PUT', data }));
}

function patch(path, data, options) {
  return request(Object.assign({}, options, { path, method: 'PATCH', data }));
}

function del(path, options) {
  return request(Object.assign({}, options, { path, method: 'DELETE' }));
}

/** GET a file (e.g. a PNG) with the same auth and refresh handling; resolves with {tempFilePath}. */
function download(path, options) {
  return request(Object.assign({}, options, { path, method: 'GET', kind: 'download' }));
}

/**
 * POST a local file (e.g. from chooseAvatar) as multipart/form-data, with the same token, refresh-once-and-retry,
 * idempotency key and error handling as post(); resolves with the parsed JSON answer.
 * options: name (form field, default `file`), formData (extra string fields), onProgress(percent), timeout,
 * showError, idempotencyKey.
 */
function upload(path, filePath, options) {
  const opts = Object.assign({ name: 'file' }, options, { path, method: 'POST', kind: 'upload', filePath });
  return request(opts);
}

/** The absolute URL of an API path, for things like an <image> src that needs no token. */
function apiUrl(path, query) {
  return buildUrl(path, query);
}

module.exports = {
  request,
  get,
  post,
  put,
  patch,
  del,
  download,
  upload,
  apiUrl,
  createIdempotencyKey,
  LOGIN_ROUTE,
  PASSWORD_ROUTE,
  // for tests
  _reset() {
    refreshing = null;
    redirectingToLogin = false;
  },
};
