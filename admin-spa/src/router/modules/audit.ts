import type { RouteRecordRaw } from 'vue-router'

const routes: RouteRecordRaw[] = [
  {
    path: '/audit-logs',
    name: 'AuditLogList',
    component: () => import('@/views/audit/logs/index.vue'),
    meta: { title: '操作日志', icon: 'Document', menu: true, group: 'audit', permissions: ['audit.view'] },
  },
]
export default routes
