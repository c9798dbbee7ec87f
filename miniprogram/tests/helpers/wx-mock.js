/**
 * A `wx` global for tests: in-memory storage, recorded navigation/toasts, and an API router behind wx.request,
 * wx.downloadFile and wx.uploadFile (register `'METHOD /path'` handlers; anything unregistered answers 404 in the server's error shape).
 */
const BASE_URL = 'http://api.test/api/v1';

function errorBody(code, errorCode, message, extra) {
  return Object.assign({ code, status: '', error_code: errorCode, message }, extra || {});
}

function createApi() {
  const routes = {};
  const calls = [];

  function on(route, handler) {
    routes[route] = handler;
  }

  function handle(options) {
    const url = new URL(options.url);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const method = (options.method || 'GET').toUpperCase();
    const call = {
      method,
      path,
      query: Object.fromEntries(url.searchParams.entries()),
      header: options.header || {},
      data: options.data,
      url: options.url,
    };
    if (options.filePath !== undefined) Object.assign(call, { filePath: options.filePath, name: options.name, formData: options.formData });
    calls.push(call);
    let handler = routes[`${method} ${path}`];
    if (!handler) {
      const key = Object.keys(routes).find((route) => {
        const [m, pattern] = route.split(' ');
        if (m !== method || pattern.indexOf(':') === -1) return false;
        const re = new RegExp(`^${pattern.replace(/:[^/]+/g, '([^/]+)')}$`);
        return re.test(path);
      });
      handler = key && routes[key];
    }
    if (!handler) return { statusCode: 404, data: errorBody(404, 'NOT_FOUND', `no route ${method} ${path}`), header: {} };
    const res = typeof handler === 'function' ? handler(call) : handler;
    return Object.assign({ statusCode: 200, header: {} }, res);
  }

  function callsTo(method, path) {
    return calls.filter((c) => c.method === method && c.path === path);
  }

  return { on, handle, calls, callsTo };
}

/** Resolves once pending promise chains and zero-delay timers have run. */
function flush(times) {
  let p = Promise.resolve();
  for (let i = 0; i < (times || 10); i += 1) p = p.then(() => new Promise((r) => setTimeout(r, 0)));
  return p;
}

function createWx(options) {
  const opts = options || {};
  const storage = new Map();
  const api = createApi();
  const files = new Map(); // tempFilePath → content, for downloads
  let tempCounter = 0;

  const callback = (impl) =>
    jest.fn((o) => {
      const args = o || {};
      Promise.resolve().then(() => {
        let res;
        try {
          res = impl(args);
        } catch (err) {
          if (args.fail) args.fail(err);
          if (args.complete) args.complete(err);
          return;
        }
        if (args.success) args.success(res);
        if (args.complete) args.complete(res);
      });
    });

  const wx = {
    __api: api,
    __storage: storage,
    __files: files,
    __modalConfirm: true,
    __actionSheetIndex: 0,

    getAccountInfoSync: jest.fn(() => ({ miniProgram: { envVersion: opts.envVersion || 'develop', appId: 'wxtest' } })),
    getStorageSync: jest.fn((key) => (storage.has(key) ? storage.get(key) : '')),
    setStorageSync: jest.fn((key, value) => {
      storage.set(key, JSON.parse(JSON.stringify(value)));
    }),
    removeStorageSync: jest.fn((key) => {
      storage.delete(key);
    }),

    showToast: jest.fn(),
    showLoading: jest.fn(),
    hideLoading: jest.fn(),
    showModal: callback(() => ({ confirm: wx.__modalConfirm, cancel: !wx.__modalConfirm })),
    showActionSheet: callback(() => {
      if (wx.__actionSheetIndex < 0) throw { errMsg: 'showActionSheet:fail cancel' };
      return { tapIndex: wx.__actionSheetIndex };
    }),

    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    reLaunch: jest.fn(),
    switchTab: jest.fn(),
    navigateBack: jest.fn(),
    stopPullDownRefresh: jest.fn(),
    setNavigationBarTitle: jest.fn(),
    previewImage: jest.fn(),
    openSetting: jest.fn(),
    pageScrollTo: jest.fn(),
    makePhoneCall: jest.fn(),
    setClipboardData: callback((o) => {
      wx.__clipboard = o.data;
      return { errMsg: 'setClipboardData:ok' };
    }),

    login: callback(() => ({ code: opts.loginCode || 'wx-login-code' })),
    // what the next picture choice answers: [{tempFilePath, size}] (cut to `count`, like the real picker); null = cancelled
    __chosenFiles: null,
    chooseMedia: callback((o) => {
      if (!wx.__chosenFiles) throw { errMsg: 'chooseMedia:fail cancel' };
      return { type: 'image', tempFiles: wx.__chosenFiles.slice(0, o.count).map((f) => Object.assign({ fileType: 'image' }, f)) };
    }),
    chooseImage: callback((o) => {
      if (!wx.__chosenFiles) throw { errMsg: 'chooseImage:fail cancel' };
      const files = wx.__chosenFiles.slice(0, o.count);
      return { tempFilePaths: files.map((f) => f.tempFilePath), tempFiles: files.map((f) => ({ path: f.tempFilePath, size: f.size })) };
    }),
    saveImageToPhotosAlbum: callback(() => ({ errMsg: 'saveImageToPhotosAlbum:ok' })),

    request: jest.fn((o) => {
      Promise.resolve().then(() => {
        const res = api.handle(o);
        if (res.networkError) {
          o.fail({ errMsg: `request:fail ${res.networkError}` });
          return;
        }
        o.success({ statusCode: res.statusCode, data: res.data === undefined ? '' : res.data, header: res.header });
      });
    }),

    downloadFile: jest.fn((o) => {
      Promise.resolve().then(() => {
        const res = api.handle(Object.assign({ method: 'GET' }, o));
        tempCounter += 1;
        const tempFilePath = `http://tmp/download-${tempCounter}.png`;
        files.set(tempFilePath, typeof res.data === 'string' ? res.data : JSON.stringify(res.data));
        o.success({ statusCode: res.statusCode, tempFilePath, header: res.header });
      });
    }),

    // Like the real one: success for every HTTP status, `data` always a string; returns a task with progress events.
    uploadFile: jest.fn((o) => {
      const listeners = [];
      const task = {
        onProgressUpdate: jest.fn((cb) => listeners.push(cb)),
        abort: jest.fn(),
      };
      Promise.resolve().then(() => {
        const res = api.handle(Object.assign({ method: 'POST' }, o));
        if (res.networkError) {
          o.fail({ errMsg: `uploadFile:fail ${res.networkError}` });
          return;
        }
        (res.progress || [50, 100]).forEach((progress) => listeners.forEach((cb) => cb({ progress, totalBytesSent: progress, totalBytesExpectedToSend: 100 })));
        const data = res.data === undefined || res.data === null ? '' : res.data;
        o.success({ statusCode: res.statusCode, data: typeof data === 'string' ? data : JSON.stringify(data), errMsg: 'uploadFile:ok' });
      });
      return task;
    }),

    getFileSystemManager: jest.fn(() => ({
      readFileSync: (path) => {
        if (!files.has(path)) throw new Error(`no file ${path}`);
        return files.get(path);
      },
    })),
  };
  return wx;
}

/**
 * Holds every wx.uploadFile until the test answers it: → {uploads, progress(i, percent), answer(i, statusCode, body),
 * fail(i, errMsg)}; `uploads[i]` is {options, query} of the i-th upload (`options.filePath`, `options.name`, …).
 */
function holdUploads(wx) {
  const uploads = [];
  wx.uploadFile.mockImplementation((o) => {
    const listeners = [];
    const url = new URL(o.url);
    uploads.push({ options: o, query: Object.fromEntries(url.searchParams.entries()), path: url.pathname.replace(/^\/api\/v1/, ''), listeners });
    return { onProgressUpdate: jest.fn((cb) => listeners.push(cb)), abort: jest.fn() };
  });
  return {
    uploads,
    progress(i, percent) {
      uploads[i].listeners.forEach((cb) => cb({ progress: percent, totalBytesSent: percent, totalBytesExpectedToSend: 100 }));
    },
    answer(i, statusCode, body) {
      uploads[i].options.success({ statusCode, data: typeof body === 'string' ? body : JSON.stringify(body), errMsg: 'uploadFile:ok' });
    },
    fail(i, errMsg) {
      uploads[i].options.fail({ errMsg: `uploadFile:fail ${errMsg || 'timeout'}` });
    },
  };
}

/** Logs a session in directly in storage (what a login answer would have stored). */
function seedSession(wx, extra) {
  const values = Object.assign(
    {
      'session.accessToken': 'access-1',
      'session.refreshToken': 'refresh-1',
      'session.workspace': 'member',
      'session.passwordChangeRequired': false,
    },
    extra || {},
  );
  Object.keys(values).forEach((key) => wx.__storage.set(key, values[key]));
}

module.exports = { BASE_URL, createWx, createApi, errorBody, flush, holdUploads, seedSession };
