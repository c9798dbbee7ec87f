/**
 * A `wx` whose wx.request / wx.downloadFile / wx.uploadFile perform real HTTP calls (for the journey against a real
 * backend); everything else (storage, navigation, toasts) is the in-memory mock of wx-mock.js.
 * wx.uploadFile does a real multipart/form-data POST with Node's fetch and FormData (exposed as `nodeFetch` by the
 * journey's test environment, tests/helpers/jsdom-with-node-fetch.js).
 */
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { createWx } = require('./wx-mock');

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crab-journey-'));
let tempCounter = 0;

function send(url, method, header, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined || body === null ? null : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const headers = Object.assign({}, header);
    if (payload) headers['Content-Length'] = payload.length;
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ statusCode: res.statusCode, header: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.setTimeout(20000, () => req.destroy(new Error('timeout')));
    if (payload) req.write(payload);
    req.end();
  });
}

function createHttpWx(options) {
  const wx = createWx(options);
  const log = [];
  wx.__httpLog = log;

  wx.request.mockImplementation((o) => {
    const method = (o.method || 'GET').toUpperCase();
    send(o.url, method, o.header, method === 'GET' ? null : o.data).then(
      (res) => {
        const text = res.body.toString('utf8');
        let data = text;
        if (/json/.test(res.header['content-type'] || '')) {
          try {
            data = JSON.parse(text);
          } catch (e) {
            data = text;
          }
        }
        log.push({ method, url: o.url, status: res.statusCode, body: o.data, answer: data });
        o.success({ statusCode: res.statusCode, data, header: res.header });
      },
      (err) => o.fail({ errMsg: `request:fail ${err.message}` }),
    );
  });

  wx.downloadFile.mockImplementation((o) => {
    send(o.url, 'GET', o.header, null).then(
      (res) => {
        tempCounter += 1;
        const tempFilePath = path.join(tempDir, `download-${tempCounter}`);
        fs.writeFileSync(tempFilePath, res.body);
        log.push({ method: 'GET', url: o.url, status: res.statusCode, download: tempFilePath });
        o.success({ statusCode: res.statusCode, tempFilePath, header: res.header });
      },
      (err) => o.fail({ errMsg: `downloadFile:fail ${err.message}` }),
    );
  });

  wx.uploadFile.mockImplementation((o) => {
    const listeners = [];
    const task = { onProgressUpdate: (cb) => listeners.push(cb), abort: () => {} };
    const { fetch, FormData, Blob, AbortSignal } = globalThis.nodeFetch || {};
    if (!fetch) throw new Error('wx.uploadFile needs the journey test environment (Node fetch/FormData)');
    (async () => {
      const bytes = fs.readFileSync(o.filePath); // like WeChat: a missing file fails the call
      const form = new FormData();
      Object.keys(o.formData || {}).forEach((key) => form.append(key, String(o.formData[key])));
      form.append(o.name, new Blob([bytes]), path.basename(o.filePath));
      const headers = Object.assign({}, o.header); // fetch sets the multipart Content-Type with its boundary
      const res = await fetch(o.url, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(o.timeout || 20000) });
      const text = await res.text();
      listeners.forEach((cb) => cb({ progress: 100, totalBytesSent: bytes.length, totalBytesExpectedToSend: bytes.length }));
      let answer = text;
      try {
        answer = JSON.parse(text);
      } catch (e) {
        // not JSON: log the text
      }
      log.push({ method: 'POST', url: o.url, status: res.status, upload: o.filePath, answer });
      o.success({ statusCode: res.status, data: text, errMsg: 'uploadFile:ok' }); // data stays a string, as in WeChat
    })().catch((err) => o.fail({ errMsg: `uploadFile:fail ${err.message}` }));
    return task;
  });

  wx.getFileSystemManager.mockImplementation(() => ({
    readFileSync: (filePath, encoding) => fs.readFileSync(filePath, encoding),
  }));

  return wx;
}

/** Direct call to the backend, outside the mini-program code (for the dev SMS inbox and for verification). */
async function api(base, method, pathAndQuery, token, body) {
  const header = { 'Content-Type': 'application/json' };
  if (token) header.Authorization = `Bearer ${token}`;
  const res = await send(`${base}${pathAndQuery}`, method, header, body);
  const text = res.body.toString('utf8');
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = text;
  }
  return { status: res.statusCode, data, header: res.header, raw: res.body };
}

module.exports = { createHttpWx, api };
