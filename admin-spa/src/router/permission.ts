// Who may open which route, and the side menu that follows from it. Pure functions: unit-tested.
import type { RouteRecordRaw } from 'vue-router'

export interface PermissionSubject {
  isSuper: boolean
  permissions: Iterable<string>
}

/**
 * A route's `meta.permissions` lists codes of which ANY one opens it; no list (or an empty one) means any logged-in
 * admin may open it. A super-admin opens everything.
 */
export function hasAnyPermission(required: readonly string[] | undefined, subject: PermissionSubject): boolean {
  if (!required || required.length === 0) return true
  if (subject.isSuper) return true
  const owned = subject.permissions instanceof Set ? (subject.permissions as Set<string>) : new Set(subject.permissions)
  return required.some((code) => owned.has(code))
}

export interface MenuGroupDef {
  key: string
  title: string
  icon?: string
}

export interface MenuItem {
  /** Route path for a leaf, group key for a group. */
  index: string
  title: string
  icon?: string
  children?: MenuItem[]
}

/** Flattens route records (with nested children) into those that carry a meta, with absolute paths. */
export function flattenRoutes(routes: readonly RouteRecordRaw[], parentPath = ''): { path: string; route: RouteRecordRaw }[] {
  const out: { path: string; route: RouteRecordRaw }[] = []
  for (const route of routes) {
    const path = route.path.startsWith('/') ? route.path : `${parentPath.replace(/\/$/, '')}/${route.path}`
    out.push({ path, route })
    if (route.children) out.push(...flattenRoutes(route.children, path))
  }
  return out
}

/**
 * The side menu: routes with `meta.menu` grouped by `meta.group` in the order of `groups`, keeping only routes the
 * subject may open; groups left empty disappear, and a group with a single item shows as that item (its own title).
 */
export function buildMenu(routes: readonly RouteRecordRaw[], groups: readonly MenuGroupDef[], subject: PermissionSubject): MenuItem[] {
  const byGroup = new Map<string, MenuItem[]>()
  for (const { path, route } of flattenRoutes(routes)) {
    const meta = route.meta
    if (!meta?.menu || !meta.group) continue
    if (!hasAnyPermission(meta.permissions, subject)) continue
    const list = byGroup.get(meta.group) ?? []
    list.push({ index: path, title: meta.title ?? path, icon: meta.icon })
    byGroup.set(meta.group, list)
  }
  const menu: MenuItem[] = []
  for (const group of groups) {
    const items = byGroup.get(group.key)
    if (!items || items.length === 0) continue
    if (items.length === 1) {
      menu.push({ ...items[0]!, icon: items[0]!.icon ?? group.icon })
    } else {
      menu.push({ index: group.key, title: group.title, icon: group.icon, children: items })
    }
  }
  return menu
}

/** The first page in the menu (where to land after login). */
export function firstMenuPath(menu: readonly MenuItem[]): string | undefined {
  for (const item of menu) {
    if (item.children?.length) return item.children[0]!.index
    if (!item.children) return item.index
  }
  return undefined
}
