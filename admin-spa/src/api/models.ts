// Names the console uses for the API's schemas: the only place that knows the generated names (src/api/types.ts,
// from openapi/openapi.json by `npm run gen:api`). When the API changes shape, the build breaks here or at the users.
import type { components, paths } from './types'

type S = components['schemas']

/**
 * What the server answers: every declared field is present (the API dumps whole objects, the OpenAPI document just
 * doesn't mark output fields required); nullable fields stay `| null`.
 */
export type Answer<T> = T extends (infer U)[] ? Answer<U>[] : T extends object ? { [K in keyof T]-?: Answer<T[K]> } : T

/** The query parameters of a GET endpoint, by its full path. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never

export type ApiErrorBody = S['Error']

export type Admin = Answer<S['Admin']>
/** `permissions` is untyped in the document (a computed field): the codes the admin holds (super-admin: all). */
export type AdminMe = Answer<Omit<S['AdminMe'], 'permissions'>> & { permissions: string[] }
export type AdminLoginAnswer = Answer<Omit<S['AdminLoginAnswer'], 'admin'>> & { admin?: AdminMe }
export type AdminTokenAnswer = Answer<S['AdminToken']>
export type AdminCreateBody = S['AdminCreate']
export type AdminUpdateBody = S['AdminUpdate']
export type AdminPasswordBody = S['AdminPasswordChange']
export type AdminListQuery = QueryOf<'/api/v1/admin/accounts'>

export type Permission = Answer<S['Permission']>
export type PermissionGroup = Answer<S['PermissionGroup']>
export type PermissionTree = Answer<S['PermissionCatalog']>

export type Role = Answer<S['Role']>
export type RoleBody = S['RoleInput']
export type RoleUpdateBody = S['RoleUpdate']
export type RoleListQuery = QueryOf<'/api/v1/admin/roles'>

export type AuditLog = Answer<S['AuditLog']>
export type AuditLogListQuery = QueryOf<'/api/v1/admin/audit-logs'>

export type Member = Answer<Omit<S['User'], 'member_level_name'>> & { member_level_name?: string | null }
export type MemberDetail = Answer<Omit<S['MemberDetail'], 'member_level_name'>> & { member_level_name?: string | null }
export type MemberListQuery = QueryOf<'/api/v1/admin/members'>

/** The list answer every list endpoint shares (docs/api.md "Lists"). */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

/** Query values a list endpoint accepts; empty values are dropped before sending. */
export type ListQuery = Record<string, string | number | boolean | undefined | null>
