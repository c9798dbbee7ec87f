import type { RouteRecordRaw } from 'vue-router'

const ORDERS = ['orders.view']
const AFTERSALES = ['aftersales.view', 'aftersales.manage']
/** Templates are read with orders.view and changed with freight.manage (the page hides the buttons). */
const FREIGHT = ['orders.view', 'freight.manage']

const routes: RouteRecordRaw[] = [
  {
    path: '/orders',
    name: 'OrderList',
    component: () => import('@/views/orders/list/index.vue'),
    meta: { title: '订单列表', icon: 'Tickets', menu: true, group: 'orders', permissions: ORDERS },
  },
  {
    path: '/orders/:id(\\d+)',
    name: 'OrderDetail',
    component: () => import('@/views/orders/detail/index.vue'),
    meta: { title: '订单详情', permissions: ORDERS, activeMenu: '/orders' },
  },
  {
    path: '/aftersales',
    name: 'AfterSaleList',
    component: () => import('@/views/orders/aftersales/index.vue'),
    meta: { title: '售后管理', icon: 'Service', menu: true, group: 'orders', permissions: AFTERSALES },
  },
  {
    path: '/aftersales/:id(\\d+)',
    name: 'AfterSaleDetail',
    component: () => import('@/views/orders/aftersales/detail.vue'),
    meta: { title: '售后详情', permissions: AFTERSALES, activeMenu: '/aftersales' },
  },
  {
    path: '/reviews',
    name: 'ReviewList',
    component: () => import('@/views/orders/reviews/index.vue'),
    meta: { title: '评价管理', icon: 'ChatLineSquare', menu: true, group: 'orders', permissions: ['reviews.manage'] },
  },
  {
    path: '/freight-templates',
    name: 'FreightTemplates',
    component: () => import('@/views/orders/freight/index.vue'),
    meta: { title: '运费模板', icon: 'Van', menu: true, group: 'orders', permissions: FREIGHT },
  },
  {
    path: '/payments/anomalies',
    name: 'PaymentAnomalies',
    component: () => import('@/views/orders/payments/index.vue'),
    meta: { title: '支付异常', icon: 'Warning', menu: true, group: 'orders', permissions: ORDERS },
  },
]
export default routes
