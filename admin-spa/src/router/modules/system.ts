import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/system/admins',
    name: 'AdminList',
    component: () => import('@/views/system/admins/index.vue'),
    meta: { title: '管理员账号', icon: 'UserFilled', menu: true, group: 'settings', permissions: ['admins.view', 'admins.manage'] },
  },
  {
    path: '/system/roles',
    name: 'RoleList',
    component: () => import('@/views/system/roles/index.vue'),
    meta: { title: '角色权限', icon: 'Lock', menu: true, group: 'settings', permissions: ['roles.manage'] },
  },
]
export default routes
