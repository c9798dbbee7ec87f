import { api } from './http'
import type { Banner, BannerBody, BannerListQuery, Feedback, FeedbackListQuery, Page } from './models'

export function listBanners(query: BannerListQuery) {
  return api.get<Page<Banner>>('/admin/banners', query)
}

export function createBanner(body: BannerBody) {
  return api.post<Banner>('/admin/banners', body)
}

export function updateBanner(id: number, body: Partial<BannerBody>) {
  return api.put<Banner>(`/admin/banners/${id}`, body)
}

export function deleteBanner(id: number) {
  return api.delete(`/admin/banners/${id}`)
}

export function listFeedback(query: FeedbackListQuery) {
  return api.get<Page<Feedback>>('/admin/feedback', query)
}

export function replyFeedback(id: number, reply: string) {
  return api.post<Feedback>(`/admin/feedback/${id}/reply`, { reply })
}
