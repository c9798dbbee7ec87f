import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/marketing/banners',
    name: 'Banners',
    component: () => import('@/views/marketing/banners/index.vue'),
    meta: { title: '轮播图', icon: 'Picture', menu: true, group: 'marketing', permissions: ['marketing.manage'] },
  },
  {
    path: '/marketing/feedback',
    name: 'Feedback',
    component: () => import('@/views/marketing/feedback/index.vue'),
    meta: { title: '意见反馈', icon: 'ChatDotRound', menu: true, group: 'marketing', permissions: ['feedback.manage'] },
  },
]
export default routes
