import { describe, expect, it } from 'vitest'
import type { Banner, MemberLevel } from '@/api/models'
import { buildLevelBody, describeUpgrade, emptyLevelForm, levelFormFrom } from '@/views/members/levels/levelForm'
import { NO_LEVEL, memberFormFrom, memberUpdateBody, monthSeries } from '@/views/members/detail/memberForm'
import { bannerFormFrom, bannerStatus, buildBannerBody, checkLinkTarget, emptyBannerForm } from '@/views/marketing/banners/bannerForm'

const level = (over: Partial<MemberLevel> = {}): MemberLevel => ({
  id: 2,
  name: '金卡会员',
  discount_rate_bp: 9500,
  sort_order: 2,
  is_default: false,
  upgrade_min_spend: 100000,
  upgrade_min_orders: null,
  member_count: 3,
  ...over,
})

describe('member level form', () => {
  it('shows the rate as percent and the spend in yuan', () => {
    expect(levelFormFrom(level())).toEqual({ name: '金卡会员', rate: '95', sort_order: 2, min_spend: '1000.00', min_orders: '', is_default: false })
  })
  it('sends basis points and fen; empty conditions as null', () => {
    const form = { ...emptyLevelForm(4), name: ' 黑金 ', rate: '88.5', min_spend: '2999.99', min_orders: '' }
    expect(buildLevelBody(form)).toEqual({
      name: '黑金',
      discount_rate_bp: 8850,
      sort_order: 4,
      is_default: false,
      upgrade_min_spend: 299999,
      upgrade_min_orders: null,
    })
    expect(buildLevelBody({ ...form, min_spend: '', min_orders: '5' })).toMatchObject({ upgrade_min_spend: null, upgrade_min_orders: 5 })
  })
  it('describes the upgrade conditions', () => {
    expect(describeUpgrade(level())).toBe('累计消费满 ¥1000.00')
    expect(describeUpgrade(level({ upgrade_min_orders: 5 }))).toBe('累计消费满 ¥1000.00 或 订单满 5 笔')
    expect(describeUpgrade(level({ upgrade_min_spend: null }))).toBe('不自动升级')
  })
})

describe('member base-info form', () => {
  const member = { nickname: '蟹友小王', real_name: '王明', gender: 1, member_level_id: 1 }
  it('sends only what changed', () => {
    const before = memberFormFrom(member)
    expect(memberUpdateBody(before, { ...before })).toEqual({})
    expect(memberUpdateBody(before, { ...before, nickname: ' 小王 ', member_level_id: 3 })).toEqual({ nickname: '小王', member_level_id: 3 })
    expect(memberUpdateBody(before, { ...before, gender: 2, real_name: '' })).toEqual({ gender: 2, real_name: '' })
  })
  it('shows no level as the 无等级 choice and sends it as null', () => {
    const none = memberFormFrom({ ...member, member_level_id: null })
    expect(none.member_level_id).toBe(NO_LEVEL)
    expect(memberUpdateBody(none, { ...none })).toEqual({})
    expect(memberUpdateBody(none, { ...none, member_level_id: 2 })).toEqual({ member_level_id: 2 })
    const before = memberFormFrom(member)
    expect(memberUpdateBody(before, { ...before, member_level_id: NO_LEVEL })).toEqual({ member_level_id: null })
  })
  it('orders the months of the invites chart', () => {
    expect(monthSeries([{ month: '2026-02', count: 1 }, { month: '2026-01', count: 3 }])).toEqual({ months: ['2026-01', '2026-02'], counts: [3, 1] })
  })
})

describe('banner form', () => {
  const banner: Banner = {
    id: 1,
    title: '金秋蟹季',
    image_url: '/media/banner.png',
    link_type: 'page',
    link_target: 'pages/catalog/list/index',
    starts_at: '2026-09-01T00:00:00Z',
    ends_at: '2026-11-30T16:00:00Z',
    sort_order: 1,
    is_enabled: true,
  }
  it('round-trips the schedule as ISO UTC', () => {
    const form = bannerFormFrom(banner)
    expect(form.schedule?.[0]).toBeInstanceOf(Date)
    expect(buildBannerBody(form)).toEqual({ ...banner, id: undefined, starts_at: '2026-09-01T00:00:00.000Z', ends_at: '2026-11-30T16:00:00.000Z' } as unknown)
  })
  it('no schedule: nulls; no link: empty target', () => {
    const body = buildBannerBody({ ...emptyBannerForm(), title: 't', image_url: 'x', link_target: 'leftover' })
    expect(body).toMatchObject({ starts_at: null, ends_at: null, link_type: 'none', link_target: '' })
  })
  it('checks the link target per type', () => {
    expect(checkLinkTarget('none', '')).toBeNull()
    expect(checkLinkTarget('item', '')).toMatch(/商品/)
    expect(checkLinkTarget('item', '12')).toBeNull()
    expect(checkLinkTarget('page', '/pages/x')).toMatch(/pages\//)
    expect(checkLinkTarget('page', 'pages/x')).toBeNull()
    expect(checkLinkTarget('url', 'http://a.cn')).toMatch(/https/)
    expect(checkLinkTarget('url', 'https://a.cn')).toBeNull()
  })
  it('status from enabled flag and schedule', () => {
    const now = new Date('2026-10-01T00:00:00Z')
    expect(bannerStatus(banner, now)).toBe('live')
    expect(bannerStatus({ ...banner, is_enabled: false }, now)).toBe('disabled')
    expect(bannerStatus(banner, new Date('2026-08-01T00:00:00Z'))).toBe('pending')
    expect(bannerStatus(banner, new Date('2026-12-01T00:00:00Z'))).toBe('ended')
    expect(bannerStatus({ ...banner, starts_at: null, ends_at: null }, now)).toBe('live')
  })
})
