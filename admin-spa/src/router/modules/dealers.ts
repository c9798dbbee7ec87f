import type { RouteRecordRaw } from 'vue-router'

/** Reading the dealer network: dealers.view; changing it: dealers.manage; money: finance.manage (pages hide buttons). */
const DEALERS = ['dealers.view', 'dealers.manage', 'finance.manage']
const APPLICATIONS = ['dealers.view', 'dealers.manage']
/** GET /admin/withdrawals itself needs finance.manage. */
const WITHDRAWALS = ['finance.manage']

const routes: RouteRecordRaw[] = [
  {
    path: '/dealers',
    name: 'DealerList',
    component: () => import('@/views/dealers/list/index.vue'),
    meta: { title: '渠道商列表', icon: 'Shop', menu: true, group: 'dealers', permissions: DEALERS },
  },
  {
    path: '/dealers/:id(\\d+)',
    name: 'DealerDetail',
    component: () => import('@/views/dealers/detail/index.vue'),
    meta: { title: '渠道商详情', permissions: DEALERS, activeMenu: '/dealers' },
  },
  {
    path: '/dealer-applications',
    name: 'DealerApplications',
    component: () => import('@/views/dealers/applications/index.vue'),
    meta: { title: '渠道商申请', icon: 'Stamp', menu: true, group: 'dealers', permissions: APPLICATIONS },
  },
  {
    path: '/dealer-applications/:id(\\d+)',
    name: 'DealerApplicationDetail',
    component: () => import('@/views/dealers/applications/detail.vue'),
    meta: { title: '申请详情', permissions: APPLICATIONS, activeMenu: '/dealer-applications' },
  },
  {
    path: '/b2b-orders',
    name: 'B2BOrderList',
    component: () => import('@/views/dealers/b2b/index.vue'),
    meta: { title: '进货订单', icon: 'ShoppingCart', menu: true, group: 'dealers', permissions: DEALERS },
  },
  {
    path: '/b2b-orders/:id(\\d+)',
    name: 'B2BOrderDetail',
    component: () => import('@/views/dealers/b2b/detail.vue'),
    meta: { title: '进货订单详情', permissions: DEALERS, activeMenu: '/b2b-orders' },
  },
  {
    path: '/withdrawals',
    name: 'Withdrawals',
    component: () => import('@/views/dealers/withdrawals/index.vue'),
    meta: { title: '提现审核', icon: 'Wallet', menu: true, group: 'finance', permissions: WITHDRAWALS },
  },
]
export default routes
