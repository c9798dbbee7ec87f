import { api } from './http'
import type {
  Invitee,
  MemberAnalytics,
  MemberDetail,
  MemberLevel,
  MemberLevelBody,
  MemberListQuery,
  MemberRow,
  MemberTag,
  MemberTagBody,
  MemberUpdateBody,
  OwnerChangeBody,
  Page,
} from './models'

export function listMembers(query: MemberListQuery) {
  return api.get<Page<MemberRow>>('/admin/members', query)
}

export function exportMembers(query: Omit<MemberListQuery, 'page' | 'page_size'>) {
  return api.download('/admin/members/export', query, '会员列表.xlsx')
}

export function getMember(id: number) {
  return api.get<MemberDetail>(`/admin/members/${id}`)
}

export function updateMember(id: number, body: MemberUpdateBody) {
  return api.put<MemberDetail>(`/admin/members/${id}`, body)
}

/** Audited with the reason. */
export function changeMemberOwner(id: number, body: OwnerChangeBody) {
  return api.put<MemberDetail>(`/admin/members/${id}/owner`, body)
}

/** Closed members cannot log in (and are logged out everywhere). */
export function setMemberActive(id: number, isActive: boolean) {
  return api.put<MemberDetail>(`/admin/members/${id}/active`, { is_active: isActive })
}

export function deleteMember(id: number) {
  return api.delete(`/admin/members/${id}`)
}

export function setMemberTags(id: number, tagIds: number[]) {
  return api.put<MemberDetail>(`/admin/members/${id}/tags`, { tag_ids: tagIds })
}

export function listInvitees(id: number, query: { page?: number; page_size?: number; sort?: string; q?: string }) {
  return api.get<Page<Invitee>>(`/admin/members/${id}/invitees`, query)
}

export function getMemberAnalytics(id: number) {
  return api.get<MemberAnalytics>(`/admin/members/${id}/analytics`)
}

// ---- levels ----

export async function listLevels(config?: { silent?: boolean }) {
  return (await api.get<{ items: MemberLevel[] }>('/admin/member-levels', undefined, config)).items
}

export function createLevel(body: MemberLevelBody) {
  return api.post<MemberLevel>('/admin/member-levels', body)
}

export function updateLevel(id: number, body: Partial<MemberLevelBody>) {
  return api.put<MemberLevel>(`/admin/member-levels/${id}`, body)
}

export function deleteLevel(id: number) {
  return api.delete(`/admin/member-levels/${id}`)
}

// ---- tags ----

export async function listTags(config?: { silent?: boolean }) {
  return (await api.get<{ items: MemberTag[] }>('/admin/member-tags', undefined, config)).items
}

export function createTag(body: MemberTagBody) {
  return api.post<MemberTag>('/admin/member-tags', body)
}

export function updateTag(id: number, body: MemberTagBody) {
  return api.put<MemberTag>(`/admin/member-tags/${id}`, body)
}

export function deleteTag(id: number) {
  return api.delete(`/admin/member-tags/${id}`)
}
