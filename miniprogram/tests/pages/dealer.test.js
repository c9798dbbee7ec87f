/**
 * The dealer workspace pages (packageDealer) and the dealer application page, through the Page → Component shim
 * against the mocked API: 我的 → workspace switch, 工作台, 我的网络, 邀请渠道商 / 邀请会员, 入驻申请, 我的会员.
 */
const { createWx, errorBody, flush, seedSession } = require('../helpers/wx-mock');
const { installPageShim, mountPage, text } = require('../helpers/page-shim');

let wx;

beforeEach(() => {
  jest.resetModules();
  wx = createWx();
  wx.__storage.set('dev.apiBaseUrl', 'http://api.test/api/v1');
  installPageShim(wx);
});

function dealer(extra) {
  return Object.assign(
    {
      id: 1,
      name: '苏州阳澄湖专卖店',
      contact_name: '王店长',
      phone: '13700001001',
      tier: 1,
      kind: 'flagship_store',
      dealer_type: 'offline_distributor',
      parent_id: null,
      root_id: 1,
      discount_rate_bp: 7000,
      salesperson_id: null,
      province: '江苏省',
      city: '苏州市',
      address: '阳澄湖大道1号',
      status: 'active',
      created_at: '2026-11-01T02:00:00Z',
    },
    extra,
  );
}

function me(extra) {
  return Object.assign(
    {
      dealer: dealer(),
      parent: null,
      tier1: { id: 1, name: '苏州阳澄湖专卖店' },
      network: { tier2: 1, tier3: 1, members: 5, staff: 2 },
      salesperson: { id: 3, name: '李销售', phone: '13600000001' },
      invite_rules: { tiers: [2, 3], min_rate_bp: 7000, max_rate_bp: 10000 },
    },
    extra,
  );
}

function page(items, total) {
  return { data: { items, total: total === undefined ? items.length : total, page: 1, page_size: 20 } };
}

function lastUrl(fn) {
  const calls = fn.mock.calls;
  return calls.length ? calls[calls.length - 1][0].url : '';
}

function lastToast() {
  const calls = wx.showToast.mock.calls;
  return calls.length ? calls[calls.length - 1][0].title : '';
}

describe('我的 → workspace switch', () => {
  test('switching to a dealer workspace opens its 工作台; a dealer workspace shows 进入工作台', async () => {
    seedSession(wx);
    wx.__api.on('GET /me', { data: { id: 9, member_no: 10000009, nickname: '王店长', phone: '13700001001' } });
    wx.__api.on('GET /orders/counts', { data: { pending_payment: 0, pending_shipment: 0, shipped: 0, completed: 0, aftersale_open: 0 } });
    wx.__api.on('GET /me/notifications/unread-count', { data: { unread: 0 } });
    let current = 'member';
    wx.__api.on('GET /me/workspaces', () => ({
      data: {
        current,
        items: [
          { workspace: 'member', label: '会员' },
          { workspace: 'dealer:1', label: '一级渠道商·苏州阳澄湖专卖店' },
          { workspace: 'staff:4', label: '员工·湖畔蟹庄餐厅' },
        ],
      },
    }));
    wx.__api.on('POST /auth/workspace', (call) => {
      current = call.data.workspace;
      return { data: { access_token: 'access-2', refresh_token: 'refresh-2', workspace: current } };
    });
    const center = await mountPage('pages/user/center/index');
    expect(center.querySelector('#workspace-home')).toBeFalsy();

    wx.__actionSheetIndex = 1;
    await center.instance.onSwitchWorkspace();
    await flush();
    expect(wx.__api.callsTo('POST', '/auth/workspace')[0].data).toEqual({ workspace: 'dealer:1' });
    expect(wx.__storage.get('session.workspace')).toBe('dealer:1');
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/home/index');
    expect(text(center, '#workspace-label')).toBe('一级渠道商·苏州阳澄湖专卖店');
    expect(center.querySelector('#workspace-home')).toBeTruthy();
    center.instance.onWorkspaceHome();
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/home/index');

    wx.__actionSheetIndex = 2;
    await center.instance.onSwitchWorkspace();
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/staff-home/index');

    const before = wx.navigateTo.mock.calls.length;
    wx.__actionSheetIndex = 0;
    await center.instance.onSwitchWorkspace();
    expect(wx.navigateTo.mock.calls.length).toBe(before); // 会员 stays on 我的
    expect(center.querySelector('#workspace-home')).toBeFalsy();
  });
});

describe('渠道商工作台', () => {
  test('loading, then my info, parent, salesperson, counts and the entries of a flagship store', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/me', { data: me() });
    wx.request.mockImplementationOnce(() => {});
    const loading = await mountPage('packageDealer/pages/home/index');
    expect(loading.instance.data.status).toBe('loading');

    const home = await mountPage('packageDealer/pages/home/index');
    expect(text(home, '#dealer-name')).toBe('苏州阳澄湖专卖店');
    expect(text(home, '#dealer-title')).toBe('一级渠道商 · 专卖店');
    expect(text(home, '#dealer-rate')).toBe('70%（7折）');
    expect(text(home, '#parent-name')).toBe('平台');
    expect(text(home, '#salesperson')).toBe('李销售 13600000001');
    expect(text(home, '#count-tier2 .stat-value')).toBe('1');
    expect(text(home, '#count-members .stat-value')).toBe('5');
    const keys = home.instance.data.entries.map((e) => e.key);
    expect(keys).toEqual(['network', 'invite-dealer', 'invite-member', 'members', 'staff', 'accounts', 'withdrawals', 'b2b', 'b2b-orders', 'oplog', 'password']);
    home.instance.onEntryTap({ currentTarget: { dataset: { url: '/pages/settings/password/index' } } });
    expect(lastUrl(wx.navigateTo)).toBe('/pages/settings/password/index');
    home.instance.onNetworkTap({ currentTarget: { dataset: { tier: 3 } } });
    expect(lastUrl(wx.navigateTo)).toBe('/packageDealer/pages/network/index?tier=3');
  });

  test('a tier-3 dealer: parent and tier-1 shown, no 邀请渠道商 and no B2B', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:4' });
    wx.__api.on('GET /dealer/me', {
      data: me({
        dealer: dealer({ id: 4, name: '湖畔蟹庄餐厅', tier: 3, kind: null, dealer_type: 'offline_reseller', discount_rate_bp: 8000, parent_id: 3, root_id: 1 }),
        parent: { id: 3, name: '昆山经销商', tier: 2, phone: '13700001002', contact_name: '赵经理' },
        tier1: { id: 1, name: '苏州阳澄湖专卖店' },
        salesperson: null,
        network: { tier2: 0, tier3: 0, members: 0, staff: 0 },
        invite_rules: { tiers: [], min_rate_bp: 8000, max_rate_bp: 10000 },
      }),
    });
    const home = await mountPage('packageDealer/pages/home/index');
    expect(text(home, '#dealer-title')).toBe('三级渠道商');
    expect(text(home, '#parent-name')).toBe('昆山经销商（二级渠道商）');
    expect(text(home, '#tier1-name')).toBe('苏州阳澄湖专卖店');
    expect(text(home, '#salesperson')).toBe('暂无');
    const keys = home.instance.data.entries.map((e) => e.key);
    expect(keys).not.toContain('invite-dealer');
    expect(keys).not.toContain('b2b');
    expect(home.querySelector('#entry-staff')).toBeTruthy();
  });

  test('error state with retry; 切换身份 and 退出登录', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/me', { statusCode: 403, data: errorBody(403, 'WORKSPACE_DENIED', '您不是该渠道商的负责人') });
    const home = await mountPage('packageDealer/pages/home/index');
    expect(home.instance.data.status).toBe('error');
    expect(home.dom.textContent).toContain('您不是该渠道商的负责人');
    wx.__api.on('GET /dealer/me', { data: me() });
    await home.instance.onRetry();
    expect(home.instance.data.status).toBe('ready');
    home.instance.onSwitch();
    expect(lastUrl(wx.switchTab)).toBe('/pages/user/center/index');
    wx.__api.on('POST /auth/logout', { statusCode: 204, data: '' });
    await home.instance.onLogout();
    expect(wx.__storage.get('session.accessToken')).toBeFalsy();
    expect(lastUrl(wx.reLaunch)).toBe('/pages/user/center/index');
  });
});

describe('我的网络', () => {
  test('tier tabs with counts, search and pages', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/me', { data: me({ network: { tier2: 21, tier3: 1, members: 0, staff: 0 } }) });
    const rows = (n, tier) => Array.from({ length: n }, (_, i) => dealer({ id: 100 + i, name: `经销商${i}`, tier, kind: null, parent_name: '苏州阳澄湖专卖店' }));
    wx.__api.on('GET /dealer/network', (call) => {
      if (call.query.tier === '3') return page([dealer({ id: 4, name: '湖畔蟹庄餐厅', tier: 3, kind: null, parent_name: '昆山经销商' })]);
      if (call.query.q) return page(rows(1, 2), 1);
      return call.query.page === '2' ? page(rows(1, 2).map((r) => Object.assign(r, { id: 999 })), 21) : page(rows(20, 2), 21);
    });
    const net = await mountPage('packageDealer/pages/network/index');
    expect(text(net, '#tab-2')).toBe('二级渠道商（21）');
    expect(text(net, '#tab-3')).toBe('三级渠道商（1）');
    expect(net.instance.data.items).toHaveLength(20);
    expect(net.instance.data.items[0]).toMatchObject({ tierName: '二级渠道商', parentName: '苏州阳澄湖专卖店', rateText: '70%（7折）' });
    await net.instance.onReachBottom();
    await flush();
    expect(net.instance.data.items).toHaveLength(21);
    expect(net.instance.data.hasMore).toBe(false);

    await net.instance.onTabTap({ currentTarget: { dataset: { tier: 3 } } });
    expect(wx.__api.calls.filter((c) => c.path === '/dealer/network').pop().query).toMatchObject({ tier: '3', page: '1' });
    expect(net.instance.data.items.map((d) => d.name)).toEqual(['湖畔蟹庄餐厅']);

    await net.instance.onTabTap({ currentTarget: { dataset: { tier: 2 } } });
    net.instance.onKeywordInput({ detail: { value: ' 经销商0 ' } });
    await net.instance.onSearch();
    expect(wx.__api.calls.filter((c) => c.path === '/dealer/network').pop().query).toMatchObject({ tier: '2', q: '经销商0' });
    expect(text(net, '#tab-2')).toBe('二级渠道商（21）'); // a search does not change the tab's count
  });

  test('empty and error', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:4' });
    wx.__api.on('GET /dealer/me', { data: me() });
    wx.__api.on('GET /dealer/network', page([]));
    const net = await mountPage('packageDealer/pages/network/index', { tier: '3' });
    expect(net.instance.data.tier).toBe(3);
    expect(net.dom.textContent).toContain('暂无下级渠道商');
    wx.__api.on('GET /dealer/network', { statusCode: 500, data: errorBody(500, 'INTERNAL', '服务器开小差了') });
    net.instance.onRetryList();
    await flush();
    expect(net.instance.data.listStatus).toBe('error');
  });
});

describe('邀请渠道商', () => {
  function invite(extra) {
    return Object.assign(
      { token: 'dinvAAA', dealer_id: 3, tier: 3, tier_name: '三级渠道商', discount_rate_bp: 8500, dealer_type: 'offline_reseller', accepted_count: 0, scene: 'dinv=dinvAAA', qrcode_url: '/api/v1/dealer-invites/dinvAAA/qrcode', created_at: '2026-11-20T02:00:00Z' },
      extra,
    );
  }

  function tier2() {
    wx.__api.on('GET /dealer/me', { data: me({ dealer: dealer({ id: 3, name: '昆山经销商', tier: 2, kind: null, discount_rate_bp: 7500 }), invite_rules: { tiers: [3], min_rate_bp: 7500, max_rate_bp: 10000 } }) });
  }

  test('a tier-2 may only invite tier-3, within the rate rules; the QR of the invite is shown', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:3' });
    tier2();
    wx.__api.on('GET /dealer/dealer-invites', { data: [invite({ token: 'old1', accepted_count: 2 })] }); // a plain array
    wx.__api.on('POST /dealer/dealer-invites', (call) => ({ statusCode: 201, data: invite({ discount_rate_bp: call.data.discount_rate_bp }) }));
    wx.__api.on('GET /dealer-invites/:token/qrcode', { data: 'PNG' });
    const p = await mountPage('packageDealer/pages/invite-dealer/index');
    expect(p.instance.data.tierLabels).toEqual(['三级渠道商']);
    expect(text(p, '#type-value')).toBe('线下分销商');
    expect(text(p, '#rate-range')).toBe('可设范围 75% – 100%');
    expect(p.instance.data.invites.map((i) => i.token)).toEqual(['old1']);

    p.instance.onRateInput({ detail: { value: '70' } });
    expect(await p.instance.onCreate()).toBeNull();
    expect(text(p, '#rate-error')).toBe('折扣率不能低于75%');
    expect(wx.__api.callsTo('POST', '/dealer/dealer-invites')).toHaveLength(0);

    p.instance.onRateInput({ detail: { value: '85' } });
    await p.instance.onCreate();
    await flush();
    const post = wx.__api.callsTo('POST', '/dealer/dealer-invites')[0];
    expect(post.data).toEqual({ tier: 3, discount_rate_bp: 8500, dealer_type: 'offline_reseller' });
    expect(post.header['Idempotency-Key']).toBeTruthy();
    expect(p.querySelector('#qrcode')).toBeTruthy();
    expect(wx.downloadFile.mock.calls[0][0].url).toBe('http://api.test/api/v1/dealer-invites/dinvAAA/qrcode');
    expect(wx.downloadFile.mock.calls[0][0].header.Authorization).toBe('Bearer access-1');
    expect(text(p, '#invite-qrcode .row-title')).toBe('三级渠道商 · 85%（8.5折）');
  });

  test('revoke after a confirm removes the invite', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:3' });
    tier2();
    wx.__api.on('GET /dealer/dealer-invites', { data: [invite({ token: 'old1' }), invite({ token: 'old2' })] });
    wx.__api.on('DELETE /dealer/dealer-invites/:token', { statusCode: 204, data: '' });
    const p = await mountPage('packageDealer/pages/invite-dealer/index');
    wx.__modalConfirm = false;
    expect(await p.instance.onRevoke({ currentTarget: { dataset: { token: 'old1' } } })).toBe(false);
    expect(wx.__api.callsTo('DELETE', '/dealer/dealer-invites/old1')).toHaveLength(0);
    wx.__modalConfirm = true;
    expect(await p.instance.onRevoke({ currentTarget: { dataset: { token: 'old1' } } })).toBe(true);
    expect(wx.__api.callsTo('DELETE', '/dealer/dealer-invites/old1')).toHaveLength(1);
    expect(p.instance.data.invites.map((i) => i.token)).toEqual(['old2']);
    expect(p.querySelector('#invite-old1')).toBeFalsy();
  });

  test('a tier-3 dealer cannot invite dealers; the server refusing a rate shows it under the field', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:4' });
    wx.__api.on('GET /dealer/me', { data: me({ dealer: dealer({ id: 4, tier: 3, kind: null }), invite_rules: { tiers: [], min_rate_bp: 8000, max_rate_bp: 10000 } }) });
    wx.__api.on('GET /dealer/dealer-invites', { data: [] });
    const p = await mountPage('packageDealer/pages/invite-dealer/index');
    expect(p.querySelector('#no-invite')).toBeTruthy();
    expect(p.querySelector('#create-invite')).toBeFalsy();

    tier2();
    wx.__api.on('POST /dealer/dealer-invites', { statusCode: 422, data: errorBody(422, 'VALIDATION_ERROR', '填写的内容有误', { errors: { discount_rate_bp: ['折扣率超出允许范围'] } }) });
    const q = await mountPage('packageDealer/pages/invite-dealer/index');
    q.instance.onRateInput({ detail: { value: '90' } });
    await q.instance.onCreate();
    expect(text(q, '#rate-error')).toBe('折扣率超出允许范围');
  });
});

describe('邀请会员', () => {
  const LEVELS = [
    { id: 1, name: '普通会员', discount_rate_bp: 10000, is_default: true },
    { id: 2, name: '银卡会员', discount_rate_bp: 9800, is_default: false },
    { id: 3, name: '金卡会员', discount_rate_bp: 9500, is_default: false },
  ];

  function inviteAnswer(token, levelName, accepted) {
    return { data: { token, scene: `inv=${token}`, qrcode_url: `/api/v1/invites/${token}/qrcode`, member_level_name: levelName, accepted_count: accepted } };
  }

  test('the levels with their discount, the default preselected and its invite shown; another level makes its invite', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/member-levels', { data: LEVELS });
    wx.__api.on('POST /dealer/member-invites', (call) => (call.data.member_level_id === 3 ? inviteAnswer('mINV3', '金卡会员', 0) : inviteAnswer('mINV1', '普通会员', 3)));
    wx.__api.on('GET /invites/:token/qrcode', { data: 'PNG' });
    const p = await mountPage('packageDealer/pages/invite-member/index');
    expect(p.instance.data.levelLabels).toEqual(['普通会员 · 100%（原价） · 默认', '银卡会员 · 98%（9.8折）', '金卡会员 · 95%（9.5折）']);
    expect(text(p, '#level-value')).toBe('普通会员');
    expect(text(p, '#level-rate')).toBe('100%（原价）');
    expect(p.querySelector('#levels-empty')).toBeFalsy();
    expect(wx.__api.callsTo('POST', '/dealer/member-invites').map((c) => c.data)).toEqual([{ member_level_id: 1 }]);
    expect(p.querySelector('#qrcode')).toBeTruthy();
    expect(text(p, '#invite-info')).toBe('赠送等级：普通会员 · 已邀请 3 人');
    expect(p.instance.onShareAppMessage().path).toBe('/pages/home/index/index?invite_token=mINV1');

    await p.instance.onLevelChange({ detail: { value: '2' } });
    await flush();
    expect(wx.__api.callsTo('POST', '/dealer/member-invites').map((c) => c.data)).toEqual([{ member_level_id: 1 }, { member_level_id: 3 }]);
    expect(text(p, '#level-value')).toBe('金卡会员');
    expect(text(p, '#level-rate')).toBe('95%（9.5折）');
    expect(text(p, '#invite-info')).toBe('赠送等级：金卡会员 · 已邀请 0 人');
    expect(wx.__api.callsTo('GET', '/invites/mINV3/qrcode')).toHaveLength(1);
    expect(p.instance.onShareAppMessage().path).toBe('/pages/home/index/index?invite_token=mINV3');

    // the same level again makes no new invite
    await p.instance.onLevelChange({ detail: { value: '2' } });
    expect(wx.__api.callsTo('POST', '/dealer/member-invites')).toHaveLength(2);
  });

  test('no level preselected by the server: the first one is', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/member-levels', { data: LEVELS.map((l) => Object.assign({}, l, { is_default: false })) });
    wx.__api.on('POST /dealer/member-invites', inviteAnswer('mINV1', '普通会员', 0));
    wx.__api.on('GET /invites/mINV1/qrcode', { data: 'PNG' });
    const p = await mountPage('packageDealer/pages/invite-member/index');
    expect(p.instance.data.levelIndex).toBe(0);
    expect(wx.__api.callsTo('POST', '/dealer/member-invites')[0].data).toEqual({ member_level_id: 1 });
  });

  test('no level defined: says so and invites with the default level (null)', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/member-levels', { data: [] });
    wx.__api.on('POST /dealer/member-invites', inviteAnswer('mINV0', '', 0));
    wx.__api.on('GET /invites/mINV0/qrcode', { data: 'PNG' });
    const p = await mountPage('packageDealer/pages/invite-member/index');
    expect(p.querySelector('#levels-empty')).toBeTruthy();
    expect(text(p, '#level-value')).toBe('默认等级');
    expect(p.querySelector('#level-rate')).toBeFalsy();
    expect(wx.__api.callsTo('POST', '/dealer/member-invites')[0].data).toEqual({ member_level_id: null });
    expect(text(p, '#invite-info')).toBe('赠送等级：默认等级 · 已邀请 0 人');
  });

  test('loading, then the level list failing shows the error with 重试, which loads again', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/member-levels', { statusCode: 500, data: errorBody(500, 'INTERNAL_ERROR', '服务器开小差了') });
    const p = await mountPage('packageDealer/pages/invite-member/index');
    expect(p.instance.data.status).toBe('error');
    expect(p.dom.textContent).toContain('服务器开小差了');
    expect(p.querySelector('#level-picker')).toBeFalsy();
    expect(wx.__api.callsTo('POST', '/dealer/member-invites')).toHaveLength(0);

    wx.__api.on('GET /dealer/member-levels', { data: LEVELS });
    wx.__api.on('POST /dealer/member-invites', inviteAnswer('mINV1', '普通会员', 3));
    wx.__api.on('GET /invites/mINV1/qrcode', { data: 'PNG' });
    const loading = p.instance.load();
    expect(p.instance.data.status).toBe('loading');
    expect(p.dom.textContent).toContain('正在加载会员等级');
    await loading;
    await flush();
    expect(p.instance.data.status).toBe('ready');
    expect(p.querySelector('#qrcode')).toBeTruthy();
  });

  test('the invite failing keeps the level picker and offers 重试 for the QR', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/member-levels', { data: LEVELS });
    wx.__api.on('POST /dealer/member-invites', { statusCode: 404, data: errorBody(404, 'NOT_FOUND', '会员等级不存在') });
    const p = await mountPage('packageDealer/pages/invite-member/index');
    expect(p.instance.data.qrStatus).toBe('error');
    expect(p.querySelector('#level-picker')).toBeTruthy();
    expect(p.querySelector('#qrcode')).toBeFalsy();
    expect(p.dom.textContent).toContain('会员等级不存在');

    wx.__api.on('POST /dealer/member-invites', inviteAnswer('mINV1', '普通会员', 3));
    wx.__api.on('GET /invites/mINV1/qrcode', { data: 'PNG' });
    await p.instance.createInvite();
    await flush();
    expect(p.querySelector('#qrcode')).toBeTruthy();
    expect(wx.__api.callsTo('GET', '/dealer/member-levels')).toHaveLength(1);
  });

  test('an answer for a level no longer chosen does not replace the newer one', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    wx.__api.on('GET /dealer/member-levels', { data: LEVELS });
    wx.__api.on('POST /dealer/member-invites', (call) => inviteAnswer(`mINV${call.data.member_level_id}`, LEVELS[call.data.member_level_id - 1].name, 0));
    wx.__api.on('GET /invites/:token/qrcode', { data: 'PNG' });
    const p = await mountPage('packageDealer/pages/invite-member/index');
    // hold the answer for 银卡会员 until the one for 金卡会员 has been shown
    const request = wx.request.getMockImplementation();
    let release;
    wx.request.mockImplementation((o) => {
      if (o.method === 'POST' && o.data && o.data.member_level_id === 2) release = () => request(o);
      else request(o);
    });
    const first = p.instance.onLevelChange({ detail: { value: 1 } });
    const second = p.instance.onLevelChange({ detail: { value: 2 } });
    await second;
    await flush();
    expect(p.instance.data.invite.token).toBe('mINV3');
    release();
    await first;
    await flush();
    expect(p.instance.data.invite.token).toBe('mINV3');
    expect(text(p, '#invite-info')).toBe('赠送等级：金卡会员 · 已邀请 0 人');
  });
});

describe('我的会员', () => {
  test('search by name or phone, with the total; a staff member’s members from the staff detail', async () => {
    seedSession(wx, { 'session.workspace': 'dealer:1' });
    const member = { id: 5, nickname: '蟹友甲', phone: '138****0001', member_level_name: '金卡会员', staff_id: 2, staff_name: '小周', created_at: '2026-11-02T02:00:00Z' };
    wx.__api.on('GET /dealer/members', (call) => page(call.query.q ? [] : [member], call.query.q ? 0 : 1));
    const p = await mountPage('packageDealer/pages/members/index', { scope: 'dealer' });
    expect(text(p, '#member-total')).toBe('共 1 位会员');
    expect(p.dom.textContent).toContain('蟹友甲');
    expect(p.dom.textContent).toContain('138****0001');
    expect(p.dom.textContent).toContain('推荐员工：小周');
    p.instance.onKeywordInput({ detail: { value: '1390000' } });
    await p.instance.onSearch();
    expect(wx.__api.callsTo('GET', '/dealer/members').pop().query.q).toBe('1390000');
    expect(p.dom.textContent).toContain('没有找到相关会员');

    wx.__api.on('GET /dealer/staff/2/members', page([member]));
    const s = await mountPage('packageDealer/pages/members/index', { scope: 'dealer', staff_id: '2', title: encodeURIComponent('小周的会员') });
    expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '小周的会员' });
    expect(s.instance.data.items).toHaveLength(1);
    expect(s.dom.textContent).not.toContain('推荐员工');
  });
});

describe('渠道商入驻申请 (pages/dealer/apply/index)', () => {
  const INVITE = { token: 'dinvAAA', inviter_name: '昆山经销商', tier: 3, tier_name: '三级渠道商', dealer_type: 'offline_reseller', discount_rate_bp: 8500 };

  test('the token comes from the QR scene dinv=<token> or ?token=', () => {
    require('../../pages/dealer/apply/index');
    // the page module exports its parser next to Page()
    const { tokenFrom } = jest.requireActual('../../pages/dealer/apply/index');
    expect(tokenFrom({ scene: encodeURIComponent('dinv=abc123') })).toBe('abc123');
    expect(tokenFrom({ scene: 'dinv=abc123' })).toBe('abc123');
    expect(tokenFrom({ token: 'XyZ' })).toBe('XyZ');
    expect(tokenFrom({ scene: encodeURIComponent('inv=abc') })).toBe('');
    expect(tokenFrom({ token: 'bad token!' })).toBe('');
    expect(tokenFrom({})).toBe('');
  });

  test('a visitor sees the inviter and terms and is asked to log in', async () => {
    wx.__api.on('GET /dealer-invites/dinvAAA', { data: INVITE });
    const p = await mountPage('pages/dealer/apply/index', { scene: encodeURIComponent('dinv=dinvAAA') });
    expect(text(p, '#inviter-name')).toBe('昆山经销商');
    expect(text(p, '#invite-tier')).toBe('三级渠道商');
    expect(text(p, '#invite-rate')).toBe('85%（8.5折）');
    expect(wx.__api.callsTo('GET', '/dealer-invites/dinvAAA')[0].header.Authorization).toBeUndefined();
    expect(p.querySelector('#submit-application')).toBeFalsy();
    p.instance.goLogin();
    expect(lastUrl(wx.navigateTo)).toBe('/pages/auth/login/index');
  });

  test('logged in: the form is checked, submitted once per form, and my applications are listed', async () => {
    seedSession(wx);
    wx.__storage.set('session.user', { id: 9, nickname: '阿强', real_name: '' });
    wx.__api.on('GET /dealer-invites/dinvAAA', { data: INVITE });
    let applications = [];
    wx.__api.on('GET /dealer-applications/mine', () => ({ data: applications })); // a plain array
    wx.__api.on('POST /dealer-invites/dinvAAA/apply', (call) => {
      applications = [{ id: 7, status: 'pending', parent_id: 3, parent_name: '昆山经销商', tier: 3, discount_rate_bp: 8500, dealer_type: 'offline_reseller', name: call.data.name, contact_name: call.data.contact_name, phone: '13912345678', province: call.data.province, city: call.data.city, address: call.data.address, reject_reason: '', dealer_id: null, decided_at: null, created_at: '2026-11-21T02:00:00Z' }];
      return { statusCode: 201, data: applications[0] };
    });
    const p = await mountPage('pages/dealer/apply/index', { token: 'dinvAAA' });
    expect(p.instance.data.form.contact_name).toBe('阿强');
    expect(p.dom.textContent).toContain('暂无申请记录');

    await p.instance.onSubmit();
    expect(p.instance.data.errors).toMatchObject({ name: '请输入渠道商名称（店名/公司名）', region: '请选择所在省市', address: '请输入详细地址' });
    expect(wx.__api.callsTo('POST', '/dealer-invites/dinvAAA/apply')).toHaveLength(0);

    p.instance.onInput({ currentTarget: { dataset: { field: 'name' } }, detail: { value: '湖边小馆' } });
    p.instance.onRegionChange({ detail: { value: ['江苏省', '苏州市'] } });
    p.instance.onInput({ currentTarget: { dataset: { field: 'address' } }, detail: { value: '湖滨路8号' } });
    await p.instance.onSubmit();
    const post = wx.__api.callsTo('POST', '/dealer-invites/dinvAAA/apply')[0];
    expect(post.data).toEqual({ name: '湖边小馆', contact_name: '阿强', province: '江苏省', city: '苏州市', address: '湖滨路8号' });
    expect(post.header['Idempotency-Key']).toBeTruthy();
    expect(text(p, '#application-7 .app-status')).toBe('审核中');
  });

  test('409 PHONE_REQUIRED offers to bind the phone; an approved application switches to the dealer workspace', async () => {
    seedSession(wx);
    wx.__api.on('GET /dealer-invites/dinvAAA', { data: INVITE });
    wx.__api.on('GET /dealer-applications/mine', { data: [{ id: 8, status: 'approved', parent_name: '昆山经销商', tier: 3, discount_rate_bp: 8500, name: '老店', dealer_id: 12, created_at: '2026-11-21T02:00:00Z' }] });
    wx.__api.on('POST /dealer-invites/dinvAAA/apply', { statusCode: 409, data: errorBody(409, 'PHONE_REQUIRED', '请先绑定手机号') });
    wx.__api.on('POST /auth/workspace', { data: { access_token: 'a2', refresh_token: 'r2', workspace: 'dealer:12' } });
    const p = await mountPage('pages/dealer/apply/index', { token: 'dinvAAA' });
    p.instance.setData({ form: { name: '湖边小馆', contact_name: '阿强', province: '江苏省', city: '苏州市', address: '湖滨路8号' } });
    await p.instance.onSubmit();
    expect(text(p, '#form-error')).toBe('请先绑定手机号');
    expect(p.querySelector('#bind-phone')).toBeTruthy();
    p.instance.goBindPhone();
    expect(lastUrl(wx.navigateTo)).toBe('/pages/auth/login/index?step=bindPhone');

    expect(text(p, '#application-8 .app-status')).toBe('已通过');
    await p.instance.onEnterDealer({ currentTarget: { dataset: { dealer: 12 } } });
    expect(wx.__api.callsTo('POST', '/auth/workspace')[0].data).toEqual({ workspace: 'dealer:12' });
    expect(lastUrl(wx.reLaunch)).toBe('/packageDealer/pages/home/index');
  });

  test('a revoked invite says so', async () => {
    wx.__api.on('GET /dealer-invites/gone1', { statusCode: 404, data: errorBody(404, 'NOT_FOUND', '邀请不存在') });
    const p = await mountPage('pages/dealer/apply/index', { token: 'gone1' });
    expect(p.instance.data.status).toBe('error');
    expect(p.dom.textContent).toContain('邀请码已失效');
    expect(lastToast()).toBe('');
  });
});
