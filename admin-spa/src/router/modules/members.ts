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
  {
    path: '/members/levels',
    name: 'MemberLevels',
    component: () => import('@/views/members/levels/index.vue'),
    meta: { title: '会员等级', icon: 'Medal', menu: true, group: 'members', permissions: ['member_levels.manage'] },
  },
  {
    path: '/members/tags',
    name: 'MemberTags',
    component: () => import('@/views/members/tags/index.vue'),
    meta: { title: '会员标签', icon: 'PriceTag', menu: true, group: 'members', permissions: ['member_levels.manage'] },
  },
]
export default routes
