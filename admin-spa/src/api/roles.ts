import type { AxiosRequestConfig } from 'axios'
import { api } from './http'
import type { Page, PermissionTree, Role, RoleBody, RoleListQuery, RoleUpdateBody } from './models'

export function listRoles(query: RoleListQuery, config?: AxiosRequestConfig) {
  return api.get<Page<Role>>('/admin/roles', query, config)
}

/** Every role (for pickers): walks the pages, 100 at a time. */
export async function listAllRoles(config?: AxiosRequestConfig): Promise<Role[]> {
  const all: Role[] = []
  for (let page = 1; page <= 50; page++) {
    const res = await listRoles({ page, page_size: 100 }, config)
    all.push(...res.items)
    if (all.length >= res.total || res.items.length === 0) break
  }
  return all
}

export function getRole(id: number) {
  return api.get<Role>(`/admin/roles/${id}`)
}

export function createRole(body: RoleBody) {
  return api.post<Role>('/admin/roles', body)
}

export function updateRole(id: number, body: RoleUpdateBody) {
  return api.put<Role>(`/admin/roles/${id}`, body)
}

export function deleteRole(id: number) {
  return api.delete(`/admin/roles/${id}`)
}

export function getPermissionTree() {
  return api.get<PermissionTree>('/admin/permissions')
}
