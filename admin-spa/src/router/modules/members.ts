import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/members',
    name: 'MemberList',
    component: () => import('@/views/members/list/index.vue'),
    meta: { title: '会员列表', icon: 'User', menu: true, group: 'members', permissions: ['members.view', 'members.manage'] },
  },
  {
    path: '/members/:id(\\d+)',
    name: 'MemberDetail',
    component: () => import('@/views/members/detail/index.vue'),
    meta: { title: '会员详情', permissions: ['members.view', 'members.manage'], activeMenu: '/members' },
  },
]
export default routes
