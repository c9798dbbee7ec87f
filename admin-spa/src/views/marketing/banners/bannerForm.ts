// Banner form ↔ API body; the schedule is two optional instants sent as ISO UTC. Pure: unit-tested.
import type { Banner, BannerBody } from '@/api/models'

export type LinkType = 'none' | 'item' | 'page' | 'url'

export const LINK_TYPES: Record<LinkType, string> = { none: '不跳转', item: '商品 / 套餐 / 卡', page: '小程序页面', url: '网页链接' }

export interface BannerFormState {
  title: string
  image_url: string
  link_type: LinkType
  /** item: the item id (as text); page: `pages/…`; url: `https://…` */
  link_target: string
  schedule: [Date, Date] | null
  sort_order: number
  is_enabled: boolean
}

export function emptyBannerForm(): BannerFormState {
  return { title: '', image_url: '', link_type: 'none', link_target: '', schedule: null, sort_order: 0, is_enabled: true }
}

export function bannerFormFrom(banner: Banner): BannerFormState {
  return {
    title: banner.title,
    image_url: banner.image_url,
    link_type: (banner.link_type as LinkType) || 'none',
    link_target: banner.link_target ?? '',
    schedule: banner.starts_at && banner.ends_at ? [new Date(banner.starts_at), new Date(banner.ends_at)] : null,
    sort_order: banner.sort_order,
    is_enabled: banner.is_enabled,
  }
}

export function buildBannerBody(form: BannerFormState): BannerBody {
  const [start, end] = form.schedule ?? [null, null]
  return {
    title: form.title.trim(),
    image_url: form.image_url,
    link_type: form.link_type,
    link_target: form.link_type === 'none' ? '' : form.link_target.trim(),
    starts_at: start ? start.toISOString() : null,
    ends_at: end ? end.toISOString() : null,
    sort_order: form.sort_order,
    is_enabled: form.is_enabled,
  }
}

/** Client check of the link target (the server checks the same and that an item exists). */
export function checkLinkTarget(type: LinkType, target: string): string | null {
  const value = (target ?? '').trim()
  if (type === 'none') return null
  if (type === 'item') return /^\d+$/.test(value) ? null : '请选择要跳转的商品'
  if (type === 'page') return value.startsWith('pages/') ? null : '小程序页面路径需以 pages/ 开头'
  return value.startsWith('https://') ? null : '链接需以 https:// 开头'
}

export type BannerStatus = 'disabled' | 'pending' | 'ended' | 'live'
export const BANNER_STATUS: Record<BannerStatus, { label: string; type: 'info' | 'warning' | 'success' | 'danger' }> = {
  disabled: { label: '已停用', type: 'info' },
  pending: { label: '未开始', type: 'warning' },
  ended: { label: '已结束', type: 'danger' },
  live: { label: '展示中', type: 'success' },
}

export function bannerStatus(banner: Pick<Banner, 'is_enabled' | 'starts_at' | 'ends_at'>, now = new Date()): BannerStatus {
  if (!banner.is_enabled) return 'disabled'
  if (banner.starts_at && new Date(banner.starts_at) > now) return 'pending'
  if (banner.ends_at && new Date(banner.ends_at) <= now) return 'ended'
  return 'live'
}
