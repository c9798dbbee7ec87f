import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/settings/company',
    name: 'SettingsCompany',
    component: () => import('@/views/settings/company.vue'),
    meta: { title: '公司信息', icon: 'OfficeBuilding', menu: true, group: 'settings', permissions: ['settings.manage'] },
  },
  {
    path: '/settings/products',
    name: 'SettingsProducts',
    component: () => import('@/views/settings/products.vue'),
    meta: { title: '商品设置', icon: 'Goods', menu: true, group: 'settings', permissions: ['settings.manage'] },
  },
  {
    path: '/settings/inventory',
    name: 'SettingsInventory',
    component: () => import('@/views/settings/inventory.vue'),
    meta: { title: '库存设置', icon: 'Box', menu: true, group: 'settings', permissions: ['settings.manage'] },
  },
  {
    path: '/settings/orders',
    name: 'SettingsOrders',
    component: () => import('@/views/settings/orders.vue'),
    meta: { title: '订单设置', icon: 'Tickets', menu: true, group: 'settings', permissions: ['settings.manage'] },
  },
  {
    path: '/settings/dealers',
    name: 'SettingsDealers',
    component: () => import('@/views/settings/dealers.vue'),
    meta: { title: '渠道商设置', icon: 'Shop', menu: true, group: 'settings', permissions: ['settings.manage'] },
  },
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
