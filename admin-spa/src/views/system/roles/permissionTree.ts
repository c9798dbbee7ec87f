import type { PermissionGroup } from '@/api/models'

export interface PermissionNode {
  key: string
  label: string
  disabled?: boolean
  children?: PermissionNode[]
}

const GROUP_PREFIX = 'group:'

/** Shown after a permission the signed-in admin does not hold (the server refuses to grant or take it away). */
export const NOT_HELD_SUFFIX = '（您未持有）'

/**
 * GET /admin/permissions groups → el-tree data (groups are parents, permission codes are the leaves' keys).
 * `held`: the signed-in admin's own codes (omit for a super-admin); the others are disabled, a group whose codes are
 * all disabled too.
 */
export function toPermissionNodes(groups: readonly PermissionGroup[], held?: ReadonlySet<string>): PermissionNode[] {
  return groups.map((g) => {
    const children = g.permissions.map((p) => {
      const disabled = !!held && !held.has(p.code)
      return { key: p.code, label: `${p.name}（${p.code}）${disabled ? NOT_HELD_SUFFIX : ''}`, disabled }
    })
    return { key: GROUP_PREFIX + g.code, label: g.name, disabled: children.every((c) => c.disabled), children }
  })
}

/** Codes of `codes` the signed-in admin does not hold (none for a super-admin: pass no `held`). */
export function unheldPermissions(codes: readonly string[], held?: ReadonlySet<string>): string[] {
  return held ? codes.filter((c) => !held.has(c)) : []
}

/** Checked keys of the tree → the role's permission codes (group keys dropped, order kept, no duplicates). */
export function permissionCodesFromKeys(keys: readonly (string | number)[]): string[] {
  const seen = new Set<string>()
  for (const key of keys) {
    const code = String(key)
    if (!code.startsWith(GROUP_PREFIX)) seen.add(code)
  }
  return [...seen]
}

/** code → readable name, for showing a role's permissions. */
export function permissionNames(groups: readonly PermissionGroup[]): Map<string, string> {
  const names = new Map<string, string>()
  for (const g of groups) for (const p of g.permissions) names.set(p.code, p.name)
  return names
}
