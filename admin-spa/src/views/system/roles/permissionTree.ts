import type { PermissionGroup } from '@/api/models'

export interface PermissionNode {
  key: string
  label: string
  children?: PermissionNode[]
}

const GROUP_PREFIX = 'group:'

/** GET /admin/permissions groups → el-tree data (groups are parents, permission codes are the leaves' keys). */
export function toPermissionNodes(groups: readonly PermissionGroup[]): PermissionNode[] {
  return groups.map((g) => ({
    key: GROUP_PREFIX + g.code,
    label: g.name,
    children: g.permissions.map((p) => ({ key: p.code, label: `${p.name}（${p.code}）` })),
  }))
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
