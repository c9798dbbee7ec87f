import type { RouteRecordRaw } from 'vue-router'
import Layout from '@/layout/AppLayout.vue'
import dashboard from './modules/dashboard'
import catalog from './modules/catalog'
import dealers from './modules/dealers'
import members from './modules/members'
import marketing from './modules/marketing'
import orders from './modules/orders'
import system from './modules/system'
import audit from './modules/audit'

/** Pages inside the layout, by domain; the side menu is built from these. */
export const appRoutes: RouteRecordRaw[] = [...dashboard, ...catalog, ...dealers, ...members, ...orders, ...marketing, ...system, ...audit]

export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'Login',
    component: () => import('@/views/login/index.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/change-password',
    name: 'ChangePassword',
    component: () => import('@/views/account/change-password/index.vue'),
    meta: { title: '修改密码' },
  },
  {
    path: '/',
    component: Layout,
    redirect: '/dashboard',
    children: [
      ...appRoutes,
      {
        path: '/403',
        name: 'Forbidden',
        component: () => import('@/views/error/Forbidden.vue'),
        meta: { title: '无权访问' },
      },
      {
        path: '/:pathMatch(.*)*',
        name: 'NotFound',
        component: () => import('@/views/error/NotFound.vue'),
        meta: { title: '页面不存在' },
      },
    ],
  },
]
