/** 申请售后, 我的售后, 售后详情 through the Page → Component shim against the mocked API. */
const { createWx, errorBody, flush, holdUploads, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage, text } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  seedSession(wx);
  installPageShim(wx);
});

const REASONS = ['不想要了', '商品破损', '死蟹', '规格不符', '少发漏发', '未收到货', '其他'];
const ORDER = {
  id: 5,
  order_no: 'O20261123000001',
  status: 'pending_shipment',
  allowed_actions: ['aftersale'],
  pay_amount: 64500,
  lines: [
    { id: 31, item_id: 3, name: '3对装礼盒', cover_url: '/files/items/3.png', quantity: 2, unit_price: 29900, line_total: 59800 },
    { id: 32, item_id: 4, name: '蟹醋', cover_url: '', quantity: 1, unit_price: 0, line_total: 0 },
  ],
};

function caseBody(extra) {
  return Object.assign(
    {
      id: 9,
      case_no: 'S20261123120000000001',
      order_id: 5,
      order_no: ORDER.order_no,
      kind: 'refund_only',
      lines: [],
      reason: '死蟹',
      description: '到货两只死蟹',
      images: [],
      amount: 1000,
      status: 'awaiting_merchant',
      status_name: '待商家处理',
      merchant_note: '',
      buyer_note: '',
      created_at: '2026-11-23T04:00:00Z',
      closed_at: null,
      allowed_actions: ['withdraw'],
      events: [{ action: 'open', action_name: '提交申请', from_status: null, to_status: 'awaiting_merchant', actor_type: 'member', note: '死蟹', created_at: '2026-11-23T04:00:00Z' }],
    },
    extra,
  );
}

function routeApply(refundable) {
  wx.__api.on('GET /orders/5/aftersales/refundable', { data: { refundable_amount: refundable === undefined ? 64500 : refundable, reasons: REASONS } });
  wx.__api.on('GET /orders/5', { data: ORDER });
}

async function applyPage() {
  const page = await mountPage('pages/aftersale/apply/index', { order_id: '5' });
  return page;
}

function pickReason(page, reason) {
  page.instance.onReasonChange({ detail: { value: String(REASONS.indexOf(reason)) } });
}

describe('申请售后', () => {
  test('loading, then the refundable amount (default amount), reasons and the order lines', async () => {
    routeApply();
    wx.request.mockImplementationOnce(() => {});
    const loading = await applyPage();
    expect(loading.instance.data.status).toBe('loading');
    expect(loading.dom.textContent).toContain('加载中');

    const page = await applyPage();
    expect(page.instance.data.status).toBe('ready');
    expect(text(page, '#refundable-amount')).toBe('¥645.00');
    expect(page.instance.data.amountText).toBe('645.00');
    expect(page.instance.data.reasons).toEqual(REASONS);
    expect(text(page, '#reason-text')).toBe('请选择退款原因');
    expect(page.querySelectorAll('#lines .line')).toHaveLength(2);
    expect(page.dom.textContent).toContain('3对装礼盒');
    expect(page.dom.textContent).toContain('O20261123000001');
    expect(page.querySelector('#kind-refund_only').dom.className).toContain('kind-active');
  });

  test('an error loading shows the message and retry; nothing refundable disables submit', async () => {
    wx.__api.on('GET /orders/5/aftersales/refundable', { statusCode: 409, data: errorBody(409, 'ORDER_NOT_PAID', '订单尚未付款，不能申请售后') });
    wx.__api.on('GET /orders/5', { data: ORDER });
    const failed = await applyPage();
    expect(failed.instance.data.status).toBe('error');
    expect(failed.dom.textContent).toContain('订单尚未付款，不能申请售后');
    expect(wx.showToast).not.toHaveBeenCalled();

    routeApply(0);
    failed.instance.onRetry();
    await flush();
    expect(failed.instance.data.status).toBe('ready');
    expect(failed.querySelector('#nothing-refundable')).toBeTruthy();
    expect(failed.instance.data.amountText).toBe('');

    const noOrder = await mountPage('pages/aftersale/apply/index', {});
    expect(noOrder.instance.data.status).toBe('error');
    expect(noOrder.dom.textContent).toContain('缺少订单信息');
  });

  test('checks the form on the phone first (reason, amount), nothing sent', async () => {
    routeApply();
    const page = await applyPage();
    await page.instance.onSubmit();
    expect(text(page, '#reason-error')).toBe('请选择退款原因');
    pickReason(page, '死蟹');
    page.instance.onAmountInput({ detail: { value: '645.01' } });
    await page.instance.onSubmit();
    expect(text(page, '#amount-error')).toBe('退款金额不能超过可退金额 645.00 元');
    page.instance.onAmountInput({ detail: { value: '1.234' } });
    await page.instance.onSubmit();
    expect(text(page, '#amount-error')).toBe('请输入正确的金额（最多两位小数）');
    expect(wx.__api.callsTo('POST', '/orders/5/aftersales')).toHaveLength(0);
  });

  test('submits the whole order with the amount in exact fen, disabled while in flight, then opens the case', async () => {
    routeApply();
    let answer;
    wx.__api.on('POST /orders/5/aftersales', (call) => {
      answer = call;
      return { statusCode: 201, data: caseBody({ amount: call.data.amount }) };
    });
    const page = await applyPage();
    page.instance.onKindTap({ currentTarget: { dataset: { kind: 'return_refund' } } });
    pickReason(page, '死蟹');
    page.instance.onAmountInput({ detail: { value: '10.29' } });
    page.instance.onDescriptionInput({ detail: { value: '到货两只死蟹' } });
    expect(page.dom.textContent).toContain('6/500');

    const pending = page.instance.onSubmit();
    expect(page.instance.data.submitting).toBe(true);
    page.instance.onSubmit(); // a double tap sends nothing more
    await pending;
    await flush();
    expect(wx.__api.callsTo('POST', '/orders/5/aftersales')).toHaveLength(1);
    expect(answer.data).toEqual({ kind: 'return_refund', reason: '死蟹', amount: 1029, description: '到货两只死蟹', images: [] });
    expect(answer.header['Idempotency-Key']).toBeTruthy();
    expect(page.instance.data.submitting).toBe(false);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/aftersale/detail/index?id=9' });
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '售后申请已提交' }));
  });

  test('chosen lines go along with their quantities; 全部 puts the refundable amount back', async () => {
    routeApply();
    wx.__api.on('POST /orders/5/aftersales', { statusCode: 201, data: caseBody() });
    const page = await applyPage();
    page.instance.onLineToggle({ currentTarget: { dataset: { index: 0 } } });
    page.instance.onLineQuantity({ currentTarget: { dataset: { index: 0, step: -1 } } });
    page.instance.onLineQuantity({ currentTarget: { dataset: { index: 0, step: -1 } } }); // not below 1
    expect(page.instance.data.lines[0].quantity).toBe(1);
    page.instance.onLineQuantity({ currentTarget: { dataset: { index: 0, step: 5 } } }); // not above the bought 2
    expect(page.instance.data.lines[0].quantity).toBe(2);
    page.instance.onLineQuantity({ currentTarget: { dataset: { index: 0, step: -1 } } });
    page.instance.onLineToggle({ currentTarget: { dataset: { index: 1 } } });
    page.instance.onLineToggle({ currentTarget: { dataset: { index: 1 } } });
    expect(page.instance.data.selectedCount).toBe(1);
    page.instance.onAmountInput({ detail: { value: '3' } });
    page.instance.onAmountAll();
    expect(page.instance.data.amountText).toBe('645.00');
    pickReason(page, '商品破损');
    await page.instance.onSubmit();
    const post = wx.__api.callsTo('POST', '/orders/5/aftersales')[0];
    expect(post.data.lines).toEqual([{ line_id: 31, quantity: 1 }]);
    expect(post.data.amount).toBe(64500);
  });

  test.each([
    ['AFTERSALE_ALREADY_OPEN', '该订单已有处理中的售后申请'],
    ['ORDER_NOT_ELIGIBLE', '该订单当前不能申请售后'],
    ['AFTERSALE_WINDOW_PASSED', '已超过收货后 7 天的售后期限'],
  ])('409 %s is shown on the form', async (code, message) => {
    routeApply();
    wx.__api.on('POST /orders/5/aftersales', { statusCode: 409, data: errorBody(409, code, message) });
    const page = await applyPage();
    pickReason(page, '死蟹');
    await page.instance.onSubmit();
    expect(text(page, '#form-error')).toContain(message);
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: message }));
    expect(wx.showToast).toHaveBeenCalledTimes(1); // once: not also by request.js
    expect(wx.redirectTo).not.toHaveBeenCalled();
    expect(Boolean(page.querySelector('#open-cases'))).toBe(code === 'AFTERSALE_ALREADY_OPEN');
    if (code === 'AFTERSALE_ALREADY_OPEN') {
      page.instance.openCases();
      expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/aftersale/list/index' });
    }
  });

  test('422 AMOUNT_EXCEEDS_REFUNDABLE goes under the amount and the refundable figure is refreshed', async () => {
    routeApply();
    wx.__api.on('POST /orders/5/aftersales', () => {
      wx.__api.on('GET /orders/5/aftersales/refundable', { data: { refundable_amount: 30000, reasons: REASONS } });
      return { statusCode: 422, data: errorBody(422, 'AMOUNT_EXCEEDS_REFUNDABLE', '填写的内容有误', { errors: { amount: ['退款金额不能超过可退金额 300.00 元'] } }) };
    });
    const page = await applyPage();
    pickReason(page, '死蟹');
    const firstKey = page.instance.idempotencyKey;
    await page.instance.onSubmit();
    await flush();
    expect(text(page, '#amount-error')).toBe('退款金额不能超过可退金额 300.00 元');
    expect(text(page, '#refundable-amount')).toBe('¥300.00');
    expect(page.instance.idempotencyKey).not.toBe(firstKey); // the server answered: a new try is a new request
    expect(page.instance.data.formError).toBe('');
  });

  test('pictures: uploaded at once (purpose=aftersale), submit blocked while one is in flight, then sent as images', async () => {
    routeApply();
    wx.__api.on('POST /orders/5/aftersales', (call) => ({ statusCode: 201, data: caseBody({ images: call.data.images }) }));
    const held = holdUploads(wx);
    const page = await applyPage();
    const pictures = page.querySelector('#aftersale-pictures');
    expect(pictures).toBeTruthy();
    expect(pictures.dom.textContent).toContain('0/9');
    pickReason(page, '死蟹');

    wx.__chosenFiles = [{ tempFilePath: 'http://tmp/dead-crab.jpg', size: 2000 }, { tempFilePath: 'http://tmp/box.png', size: 3000 }];
    await pictures.instance.onAdd();
    await flush();
    expect(held.uploads.map((u) => [u.path, u.query.purpose, u.options.name, u.options.filePath])).toEqual([
      ['/me/uploads', 'aftersale', 'file', 'http://tmp/dead-crab.jpg'],
      ['/me/uploads', 'aftersale', 'file', 'http://tmp/box.png'],
    ]);
    held.progress(0, 30);
    expect(page.instance.data.picturesUploading).toBe(2);
    expect(text(page, '#submit-aftersale')).toBe('图片上传中…');
    await page.instance.onSubmit(); // blocked: nothing sent
    expect(wx.__api.callsTo('POST', '/orders/5/aftersales')).toHaveLength(0);
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '图片上传中，请稍候' }));

    held.answer(0, 201, { url: '/files/uploads/aftersale/1/a.jpg' });
    held.answer(1, 201, { url: '/files/uploads/aftersale/1/b.png' });
    await flush();
    expect(page.instance.data.picturesUploading).toBe(0);
    expect(text(page, '#submit-aftersale')).toBe('提交申请');
    expect(pictures.instance.data.pictures.map((p) => p.src)).toEqual(['http://api.test/files/uploads/aftersale/1/a.jpg', 'http://api.test/files/uploads/aftersale/1/b.png']);
    await page.instance.onSubmit();
    const post = wx.__api.callsTo('POST', '/orders/5/aftersales')[0];
    expect(post.data.images).toEqual(['/files/uploads/aftersale/1/a.jpg', '/files/uploads/aftersale/1/b.png']);
    expect(wx.redirectTo).toHaveBeenCalledWith({ url: '/pages/aftersale/detail/index?id=9' });
  });

  test('pictures: a failed one blocks the submit until it is retried or removed; 9 at most', async () => {
    routeApply();
    wx.__api.on('POST /orders/5/aftersales', { statusCode: 201, data: caseBody() });
    wx.__api.on('POST /me/uploads', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '填写的内容有误', { errors: { file: ['图片不能超过 5 MB'] } }) });
    const page = await applyPage();
    const pictures = page.querySelector('#aftersale-pictures');
    pickReason(page, '死蟹');
    wx.__chosenFiles = [{ tempFilePath: 'http://tmp/huge.jpg', size: 100 }];
    await pictures.instance.onAdd();
    await flush();
    expect(page.instance.data.picturesFailed).toBe(1);
    expect(pictures.dom.textContent).toContain('第1张：图片不能超过 5 MB');
    await page.instance.onSubmit();
    expect(wx.__api.callsTo('POST', '/orders/5/aftersales')).toHaveLength(0);
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '有图片上传失败，请重试或删除' }));

    wx.__api.on('POST /me/uploads', (call) => ({ statusCode: 201, data: { url: `/files/uploads/aftersale/1/${call.filePath.split('/').pop()}` } }));
    pictures.instance.onRetry({ currentTarget: { dataset: { index: 0 } } });
    await flush();
    expect(page.instance.data).toMatchObject({ picturesFailed: 0, images: ['/files/uploads/aftersale/1/huge.jpg'] });

    wx.__chosenFiles = Array.from({ length: 12 }, (_, i) => ({ tempFilePath: `http://tmp/m${i}.png`, size: 10 }));
    await pictures.instance.onAdd();
    await flush();
    expect(wx.chooseMedia.mock.calls[1][0].count).toBe(8);
    expect(page.instance.data.images).toHaveLength(9);
    expect(pictures.querySelector('.picture-add')).toBeFalsy();
    await page.instance.onSubmit();
    expect(wx.__api.callsTo('POST', '/orders/5/aftersales')[0].data.images).toHaveLength(9);
  });

  test('other 422 field errors go under their fields; a network failure keeps the key for the re-send', async () => {
    routeApply();
    wx.__api.on('POST /orders/5/aftersales', { statusCode: 422, data: errorBody(422, 'VALIDATION_FAILED', '填写的内容有误', { errors: { lines: ['「3对装礼盒」最多 2 件'] } }) });
    const page = await applyPage();
    pickReason(page, '死蟹');
    await page.instance.onSubmit();
    expect(text(page, '#lines-error')).toBe('「3对装礼盒」最多 2 件');

    wx.__api.on('POST /orders/5/aftersales', { networkError: 'timeout' });
    const key = page.instance.idempotencyKey;
    await page.instance.onSubmit();
    expect(page.instance.idempotencyKey).toBe(key);
    expect(wx.showToast).toHaveBeenLastCalledWith(expect.objectContaining({ title: '请求超时，请稍后重试' }));
    expect(page.instance.data.submitting).toBe(false);
  });
});

describe('我的售后', () => {
  const rows = [
    caseBody({ id: 9 }),
    caseBody({ id: 8, case_no: 'S2', status: 'closed', status_name: '已关闭', kind: 'return_refund', amount: 29900 }),
  ];

  test('loading, rows with status, amount and type; tap opens the case', async () => {
    wx.__api.on('GET /aftersales', { data: { items: rows, total: 2, page: 1, page_size: 20 } });
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/aftersale/list/index');
    expect(loading.instance.data.listStatus).toBe('loading');

    const page = await mountPage('pages/aftersale/list/index');
    expect(page.querySelectorAll('#case-list .case')).toHaveLength(2);
    expect(text(page, '#case-9')).toContain('待商家处理');
    expect(text(page, '#case-9')).toContain('¥10.00');
    expect(text(page, '#case-8')).toContain('退货退款');
    expect(text(page, '#case-8')).toContain('已关闭');
    page.instance.onCaseTap({ currentTarget: { dataset: { id: 8 } } });
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/aftersale/detail/index?id=8' });
  });

  test('status tabs filter, empty and error states', async () => {
    wx.__api.on('GET /aftersales', (call) => (call.query.status === 'refunded' ? { data: { items: [], total: 0 } } : { data: { items: rows, total: 2 } }));
    const page = await mountPage('pages/aftersale/list/index', { status: 'awaiting_merchant' });
    expect(wx.__api.calls[0].query.status).toBe('awaiting_merchant');
    await page.instance.onTabTap({ currentTarget: { dataset: { key: 'refunded' } } });
    expect(page.instance.data.listStatus).toBe('empty');
    expect(page.dom.textContent).toContain('暂无售后记录');
    await page.instance.onTabTap({ currentTarget: { dataset: { key: '' } } });
    expect(wx.__api.calls[wx.__api.calls.length - 1].query.status).toBeUndefined();
    expect(page.instance.data.items).toHaveLength(2);

    wx.__api.on('GET /aftersales', { statusCode: 500, data: errorBody(500, 'INTERNAL', '售后加载失败') });
    const failed = await mountPage('pages/aftersale/list/index');
    expect(failed.instance.data.listStatus).toBe('error');
    expect(failed.dom.textContent).toContain('售后加载失败');
  });
});

describe('售后详情', () => {
  test('loading, then status, amount, merchant note and the timeline newest first', async () => {
    const body = caseBody({
      status: 'awaiting_buyer',
      status_name: '待买家处理',
      merchant_note: '请拍照上传死蟹',
      allowed_actions: ['buyer_reply', 'withdraw'],
      events: [
        caseBody().events[0],
        { action: 'ask_buyer', action_name: '要求买家处理', from_status: 'awaiting_merchant', to_status: 'awaiting_buyer', actor_type: 'admin', note: '请拍照上传死蟹', created_at: '2026-11-23T05:00:00Z' },
      ],
    });
    wx.__api.on('GET /aftersales/9', { data: body });
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('pages/aftersale/detail/index', { id: '9' });
    expect(loading.instance.data.status).toBe('loading');

    const page = await mountPage('pages/aftersale/detail/index', { id: '9' });
    expect(text(page, '#case-status')).toBe('待买家处理');
    expect(text(page, '#case-amount')).toBe('¥10.00');
    expect(text(page, '#merchant-note')).toContain('请拍照上传死蟹');
    expect(text(page, '#case-reason')).toBe('死蟹');
    const titles = page.instance.data.caseInfo.timeline.map((e) => e.title);
    expect(titles).toEqual(['要求买家处理', '提交申请']); // the server's action_name, not the client's wording
    expect(text(page, '#timeline')).toContain('要求买家处理');
    expect(text(page, '#timeline')).toContain('2026-11-23 13:00:00');
    expect(page.querySelector('#reply-box')).toBeTruthy();
    expect(page.querySelector('#withdraw-button')).toBeTruthy();
    page.instance.openOrder();
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/pages/order/detail/index?id=5' });
  });

  test('timeline without action_name (an older answer): the client names, else the raw action', async () => {
    wx.__api.on('GET /aftersales/9', {
      data: caseBody({
        status: 'refunding',
        status_name: '退款中',
        allowed_actions: [],
        events: [
          { action: 'open', from_status: null, to_status: 'awaiting_merchant', actor_type: 'member', note: '', created_at: '2026-11-23T04:00:00Z' },
          { action: 'approve', action_name: '', from_status: 'awaiting_merchant', to_status: 'refunding', actor_type: 'admin', note: '', created_at: '2026-11-23T05:00:00Z' },
          { action: 'something_new', from_status: 'refunding', to_status: 'refunding', actor_type: 'system', note: '', created_at: '2026-11-23T06:00:00Z' },
        ],
      }),
    });
    const page = await mountPage('pages/aftersale/detail/index', { id: '9' });
    expect(page.instance.data.caseInfo.timeline.map((e) => e.title)).toEqual(['something_new', '商家同意退款', '提交申请']);
  });

  test('error state with retry', async () => {
    wx.__api.on('GET /aftersales/9', { statusCode: 404, data: errorBody(404, 'AFTERSALE_NOT_FOUND', '售后单不存在') });
    const page = await mountPage('pages/aftersale/detail/index', { id: '9' });
    expect(page.instance.data.status).toBe('error');
    expect(page.dom.textContent).toContain('售后单不存在');
    wx.__api.on('GET /aftersales/9', { data: caseBody() });
    page.instance.onRetry();
    await flush();
    expect(text(page, '#case-status')).toBe('待商家处理');
    expect(page.querySelector('#reply-box')).toBeFalsy();
  });

  test('reply: text required, then sent and the case goes back to the merchant', async () => {
    wx.__api.on('GET /aftersales/9', { data: caseBody({ status: 'awaiting_buyer', status_name: '待买家处理', allowed_actions: ['buyer_reply', 'withdraw'] }) });
    wx.__api.on('POST /aftersales/9/reply', (call) => ({ data: caseBody({ buyer_note: call.data.note, allowed_actions: ['withdraw'] }) }));
    const page = await mountPage('pages/aftersale/detail/index', { id: '9' });
    await page.instance.onReply();
    expect(text(page, '#reply-error')).toBe('请填写回复内容');
    page.instance.onReplyInput({ detail: { value: '  已补拍照片 ' } });
    await page.instance.onReply();
    expect(wx.__api.callsTo('POST', '/aftersales/9/reply')[0].data).toEqual({ note: '已补拍照片' });
    expect(text(page, '#case-status')).toBe('待商家处理');
    expect(page.querySelector('#reply-box')).toBeFalsy();
    expect(page.dom.textContent).toContain('我的回复：已补拍照片');
    expect(page.instance.data.replyText).toBe('');
  });

  test('withdraw asks first; cancel sends nothing, confirm closes the case', async () => {
    wx.__api.on('GET /aftersales/9', { data: caseBody() });
    wx.__api.on('POST /aftersales/9/withdraw', { data: caseBody({ status: 'closed', status_name: '已关闭', allowed_actions: [] }) });
    const page = await mountPage('pages/aftersale/detail/index', { id: '9' });
    wx.__modalConfirm = false;
    await page.instance.onWithdraw();
    expect(wx.__api.callsTo('POST', '/aftersales/9/withdraw')).toHaveLength(0);
    wx.__modalConfirm = true;
    await page.instance.onWithdraw();
    expect(wx.__api.callsTo('POST', '/aftersales/9/withdraw')).toHaveLength(1);
    expect(text(page, '#case-status')).toBe('已关闭');
    expect(page.querySelector('#withdraw-button')).toBeFalsy();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤销申请' }));
  });

  test('409 AFTERSALE_STATE_CONFLICT: the message, and the case shown as it is now', async () => {
    wx.__api.on('GET /aftersales/9', { data: caseBody() });
    wx.__api.on('POST /aftersales/9/withdraw', () => {
      wx.__api.on('GET /aftersales/9', { data: caseBody({ status: 'refunding', status_name: '退款中', allowed_actions: [] }) });
      return { statusCode: 409, data: errorBody(409, 'AFTERSALE_STATE_CONFLICT', '售后单当前状态为「退款中」，不能撤销申请') };
    });
    const page = await mountPage('pages/aftersale/detail/index', { id: '9' });
    await page.instance.onWithdraw();
    await flush();
    expect(wx.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '售后单当前状态为「退款中」，不能撤销申请' }));
    expect(text(page, '#case-status')).toBe('退款中');
    expect(page.instance.data.acting).toBe('');
  });
});
