import { api } from './http'
import type { AuditLog, AuditLogListQuery, Page } from './models'

export function listAuditLogs(query: AuditLogListQuery) {
  return api.get<Page<AuditLog>>('/admin/audit-logs', query)
}

export function exportAuditLogs(query: Omit<AuditLogListQuery, 'page' | 'page_size'>) {
  return api.download('/admin/audit-logs/export', query, '操作日志.xlsx')
}
