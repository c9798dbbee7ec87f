import { api } from './http'
import type { Admin, AdminCreateBody, AdminListQuery, AdminUpdateBody, Page } from './models'

export function listAdmins(query: AdminListQuery) {
  return api.get<Page<Admin>>('/admin/accounts', query)
}

export function getAdmin(id: number) {
  return api.get<Admin>(`/admin/accounts/${id}`)
}

export function createAdmin(body: AdminCreateBody) {
  return api.post<Admin>('/admin/accounts', body)
}

/** The username cannot change after creation. */
export function updateAdmin(id: number, body: AdminUpdateBody) {
  return api.put<Admin>(`/admin/accounts/${id}`, body)
}

/** The admin must change this password at the next login. */
export function resetAdminPassword(id: number, password: string) {
  return api.post<void>(`/admin/accounts/${id}/reset-password`, { password })
}
