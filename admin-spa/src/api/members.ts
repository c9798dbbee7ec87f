import { api } from './http'
import type { Member, MemberDetail, MemberListQuery, Page } from './models'

export function listMembers(query: MemberListQuery) {
  return api.get<Page<Member>>('/admin/members', query)
}

export function exportMembers(query: Omit<MemberListQuery, 'page' | 'page_size'>) {
  return api.download('/admin/members/export', query, '会员列表.xlsx')
}

export function getMember(id: number) {
  return api.get<MemberDetail>(`/admin/members/${id}`)
}
