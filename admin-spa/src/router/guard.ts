// Where a navigation may go, decided from the session alone (pure, unit-tested), then applied by the router guard.
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import { hasAnyPermission, type PermissionSubject } from './permission'

export interface SessionView {
  loggedIn: boolean
  passwordChangeRequired: boolean
  subject: PermissionSubject
}

type Target = Pick<RouteLocationNormalized, 'name' | 'fullPath' | 'meta'>

/** `true` to continue, or the location to go to instead. */
export function decideNavigation(to: Target, session: SessionView): true | RouteLocationRaw {
  if (to.meta.public) {
    if (to.name === 'Login' && session.loggedIn && !session.passwordChangeRequired) return { path: '/' }
    return true
  }
  if (!session.loggedIn) {
    return to.fullPath && to.fullPath !== '/' ? { name: 'Login', query: { redirect: to.fullPath } } : { name: 'Login' }
  }
  if (session.passwordChangeRequired) {
    return to.name === 'ChangePassword' ? true : { name: 'ChangePassword' }
  }
  if (!hasAnyPermission(to.meta.permissions, session.subject)) {
    return { name: 'Forbidden', query: { from: to.fullPath } }
  }
  return true
}
