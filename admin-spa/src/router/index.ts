import { createRouter, createWebHistory } from 'vue-router'
import './meta'
import { routes } from './routes'
import { decideNavigation } from './guard'
import { useAuthStore } from '@/stores/auth'

const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  auth.syncFromStorage()
  // Permissions come from GET /admin/me (allowed even while a password change is pending).
  if (auth.loggedIn && !auth.admin && !to.meta.public) {
    try {
      await auth.loadMe()
    } catch {
      auth.syncFromStorage()
      if (!auth.loggedIn) return { name: 'Login', query: { redirect: to.fullPath } }
    }
  }
  return decideNavigation(to, {
    loggedIn: auth.loggedIn,
    passwordChangeRequired: auth.passwordChangeRequired,
    subject: { isSuper: auth.isSuper, permissions: auth.permissionSet },
  })
})

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 大闸蟹销售管理后台` : '大闸蟹销售管理后台'
})

export default router
