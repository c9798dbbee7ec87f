/**
 * components/picture-uploader with miniprogram-simulate: choosing (chooseMedia, chooseImage fallback), uploading each
 * picture through POST /me/uploads?purpose=, progress, per-picture errors with retry, removal, the 9-picture limit
 * and the `change` event the forms rely on.
 */
const path = require('path');
const simulate = require('miniprogram-simulate');
const { createWx, errorBody, flush, holdUploads, seedSession } = require('../helpers/wx-mock');
const { ROOT } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  seedSession(wx);
  global.wx = wx;
});

function files(n, size) {
  return Array.from({ length: n }, (_, i) => ({ tempFilePath: `http://tmp/p${i + 1}.png`, size: size || 1000 }));
}

function render(props) {
  const id = simulate.load(path.join(ROOT, 'components/picture-uploader/index'), 'picture-uploader', { compiler: 'simulate', rootPath: ROOT });
  const comp = simulate.render(id, props || { purpose: 'aftersale', max: 9 });
  comp.attach(document.createElement('parent-wrapper'));
  const events = [];
  comp.instance.triggerEvent = jest.fn((name, detail) => events.push({ name, detail }));
  return { comp, events, last: () => events[events.length - 1].detail };
}

function uploaded(name, purpose) {
  return { statusCode: 201, data: { url: `/files/uploads/${purpose || 'aftersale'}/1/${name}` } };
}

test('chosen pictures are uploaded at once (field file, ?purpose=), shown through assetUrl, and reported in change', async () => {
  wx.__api.on('POST /me/uploads', (call) => uploaded(call.filePath.split('/').pop()));
  const { comp, last } = render();
  wx.__chosenFiles = files(2);
  await comp.instance.onAdd();
  await flush();
  expect(wx.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 9, mediaType: ['image'] }));
  const calls = wx.__api.callsTo('POST', '/me/uploads');
  expect(calls).toHaveLength(2);
  expect(calls[0]).toEqual(expect.objectContaining({ query: { purpose: 'aftersale' }, name: 'file', filePath: 'http://tmp/p1.png' }));
  expect(calls[0].header.Authorization).toBe('Bearer access-1');
  expect(calls[0].header['Idempotency-Key']).toBeTruthy();
  expect(comp.instance.data.pictures.map((p) => [p.status, p.src])).toEqual([
    ['done', 'http://api.test/files/uploads/aftersale/1/p1.png'],
    ['done', 'http://api.test/files/uploads/aftersale/1/p2.png'],
  ]);
  expect(comp.querySelectorAll('.picture-image')).toHaveLength(2);
  expect(comp.dom.textContent).toContain('2/9');
  expect(last()).toEqual({ urls: ['/files/uploads/aftersale/1/p1.png', '/files/uploads/aftersale/1/p2.png'], uploading: 0, failed: 0 });

  comp.instance.onPreview({ currentTarget: { dataset: { index: 1 } } });
  expect(wx.previewImage).toHaveBeenCalledWith({
    urls: ['http://api.test/files/uploads/aftersale/1/p1.png', 'http://api.test/files/uploads/aftersale/1/p2.png'],
    current: 'http://api.test/files/uploads/aftersale/1/p2.png',
  });
});

test('while uploading: the local picture with its percentage, at most 3 at a time; change says how many are in flight', async () => {
  const held = holdUploads(wx);
  const { comp, last } = render({ purpose: 'review', max: 9 });
  wx.__chosenFiles = files(4);
  await comp.instance.onAdd();
  await flush();
  expect(held.uploads).toHaveLength(3); // the 4th waits
  expect(held.uploads[0].query).toEqual({ purpose: 'review' });
  expect(comp.instance.data.pictures.map((p) => p.status)).toEqual(['uploading', 'uploading', 'uploading', 'waiting']);
  expect(comp.instance.data.pictures[0].src).toBe('http://tmp/p1.png');
  expect(last()).toEqual({ urls: [], uploading: 4, failed: 0 });
  expect(comp.dom.textContent).toContain('等待上传');

  held.progress(0, 42.4);
  expect(comp.querySelector('#picture-0 .picture-progress').dom.textContent).toBe('42%');

  held.answer(0, 201, { url: '/files/uploads/review/1/a.png' });
  await flush();
  expect(held.uploads).toHaveLength(4); // the waiting one starts
  expect(last()).toEqual({ urls: ['/files/uploads/review/1/a.png'], uploading: 3, failed: 0 });
  [1, 2, 3].forEach((i) => held.answer(i, 201, { url: `/files/uploads/review/1/${i}.png` }));
  await flush();
  expect(last()).toEqual({ urls: ['/files/uploads/review/1/a.png', '/files/uploads/review/1/1.png', '/files/uploads/review/1/2.png', '/files/uploads/review/1/3.png'], uploading: 0, failed: 0 });
});

test('a refused picture shows the server message on it and below; 点击重试 uploads it again', async () => {
  let refuse = true;
  wx.__api.on('POST /me/uploads', () =>
    refuse
      ? { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '填写的内容有误', { errors: { file: ['无法识别的图片，请上传 PNG、JPG 或 WebP 图片'] } }) }
      : uploaded('ok.png'),
  );
  const { comp, last } = render();
  wx.__chosenFiles = files(1);
  await comp.instance.onAdd();
  await flush();
  expect(comp.instance.data.pictures[0]).toEqual(expect.objectContaining({ status: 'error', retryable: true, error: '无法识别的图片，请上传 PNG、JPG 或 WebP 图片' }));
  expect(comp.dom.textContent).toContain('上传失败');
  expect(comp.dom.textContent).toContain('点击重试');
  expect(comp.dom.textContent).toContain('第1张：无法识别的图片，请上传 PNG、JPG 或 WebP 图片');
  expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '无法识别的图片，请上传 PNG、JPG 或 WebP 图片' }));
  expect(last()).toEqual({ urls: [], uploading: 0, failed: 1 });

  refuse = false;
  comp.instance.onRetry({ currentTarget: { dataset: { index: 0 } } });
  await flush();
  expect(wx.__api.callsTo('POST', '/me/uploads')).toHaveLength(2);
  expect(comp.instance.data.pictures[0].status).toBe('done');
  expect(comp.dom.textContent).not.toContain('上传失败');
  expect(last()).toEqual({ urls: ['/files/uploads/aftersale/1/ok.png'], uploading: 0, failed: 0 });
});

test('429 RATE_LIMITED and network failures are per-picture errors too; tapping a failed thumbnail retries it', async () => {
  wx.__api.on('POST /me/uploads', { statusCode: 429, data: errorBody(429, 'RATE_LIMITED', '上传太频繁，请 120 秒后再试', { retry_after: 120 }) });
  const { comp, last } = render();
  wx.__chosenFiles = files(1);
  await comp.instance.onAdd();
  await flush();
  expect(comp.instance.data.pictures[0].error).toBe('上传太频繁，请 120 秒后再试');

  wx.__api.on('POST /me/uploads', { networkError: 'timeout' });
  comp.instance.onPreview({ currentTarget: { dataset: { index: 0 } } }); // a tap on a failed picture retries
  await flush();
  expect(comp.instance.data.pictures[0].error).toBe('请求超时，请稍后重试');
  expect(wx.previewImage).not.toHaveBeenCalled();

  wx.__api.on('POST /me/uploads', uploaded('late.png'));
  comp.instance.onRetry({ currentTarget: { dataset: { index: 0 } } });
  await flush();
  expect(last()).toEqual({ urls: ['/files/uploads/aftersale/1/late.png'], uploading: 0, failed: 0 });
});

test('at most 9: the picker is asked for what is left, extra files are dropped, and a full list has no add button', async () => {
  wx.__api.on('POST /me/uploads', (call) => uploaded(call.filePath.split('/').pop()));
  const { comp, last } = render();
  wx.__chosenFiles = files(7);
  await comp.instance.onAdd();
  await flush();
  wx.__chosenFiles = files(5).map((f, i) => ({ tempFilePath: `http://tmp/q${i + 1}.png`, size: f.size }));
  await comp.instance.onAdd();
  await flush();
  expect(wx.chooseMedia.mock.calls[1][0].count).toBe(2);
  expect(comp.instance.data.pictures).toHaveLength(9);
  expect(last().urls).toHaveLength(9);
  expect(comp.querySelector('.picture-add')).toBeFalsy();

  await comp.instance.onAdd(); // full: a toast, no picker
  expect(wx.chooseMedia).toHaveBeenCalledTimes(2);
  expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '最多上传9张图片' }));

  comp.instance.addFiles([{ path: 'http://tmp/extra.png', size: 1 }]); // a picker answering more than asked
  expect(comp.instance.data.pictures).toHaveLength(9);

  comp.instance.onRemove({ currentTarget: { dataset: { index: 0 } } });
  expect(comp.instance.data.pictures).toHaveLength(8);
  expect(last().urls[0]).toBe('/files/uploads/aftersale/1/p2.png');
  expect(comp.querySelector('.picture-add')).toBeTruthy();
  expect(comp.dom.textContent).toContain('8/9');
  await comp.instance.onAdd();
  expect(wx.chooseMedia.mock.calls[2][0].count).toBe(1);
});

test('over 5 MB is refused on the phone (no upload, no retry); removing a picture in flight drops its answer', async () => {
  const held = holdUploads(wx);
  const { comp, last } = render();
  wx.__chosenFiles = [{ tempFilePath: 'http://tmp/big.jpg', size: 5 * 1024 * 1024 + 1 }, { tempFilePath: 'http://tmp/small.jpg', size: 10 }];
  await comp.instance.onAdd();
  await flush();
  expect(held.uploads).toHaveLength(1);
  expect(held.uploads[0].options.filePath).toBe('http://tmp/small.jpg');
  expect(comp.instance.data.pictures[0]).toEqual(expect.objectContaining({ status: 'error', retryable: false, error: '图片不能超过 5 MB' }));
  expect(comp.querySelector('#picture-0 .picture-retry')).toBeFalsy();
  comp.instance.onRetry({ currentTarget: { dataset: { index: 0 } } });
  expect(held.uploads).toHaveLength(1);
  expect(last()).toEqual({ urls: [], uploading: 1, failed: 1 });

  comp.instance.onRemove({ currentTarget: { dataset: { index: 1 } } }); // the one uploading
  comp.instance.onRemove({ currentTarget: { dataset: { index: 0 } } });
  expect(last()).toEqual({ urls: [], uploading: 0, failed: 0 });
  held.answer(0, 201, { url: '/files/uploads/aftersale/1/small.jpg' });
  await flush();
  expect(comp.instance.data.pictures).toHaveLength(0);
  expect(last()).toEqual({ urls: [], uploading: 0, failed: 0 });
});

test('a cancelled picker changes nothing; without chooseMedia, chooseImage is used; reset() empties the list', async () => {
  wx.__api.on('POST /me/uploads', uploaded('c.png', 'feedback'));
  const { comp, events, last } = render({ purpose: 'feedback', max: 9 });
  await comp.instance.onAdd(); // __chosenFiles null: cancelled
  await flush();
  expect(events).toHaveLength(0);
  expect(wx.uploadFile).not.toHaveBeenCalled();

  delete wx.chooseMedia;
  wx.__chosenFiles = files(1);
  await comp.instance.onAdd();
  await flush();
  expect(wx.chooseImage).toHaveBeenCalledWith(expect.objectContaining({ count: 9 }));
  expect(last()).toEqual({ urls: ['/files/uploads/feedback/1/c.png'], uploading: 0, failed: 0 });

  comp.instance.reset();
  expect(comp.instance.data.pictures).toEqual([]);
  expect(last()).toEqual({ urls: [], uploading: 0, failed: 0 });
});
