import { describe, expect, it } from 'vitest'
import { loadHiddenColumns, saveHiddenColumns, useColumnSettings, type ColumnDef } from '@/composables/useColumnSettings'
import { NOT_HELD_SUFFIX, permissionCodesFromKeys, permissionNames, toPermissionNodes, unheldPermissions } from '@/views/system/roles/permissionTree'
import { formatDateTime, formatFen } from '@/utils/format'
import { safeRedirect } from '@/utils/redirect'
import { newUuid } from '@/utils/uuid'
import { nextTick } from 'vue'

const columns: ColumnDef[] = [
  { prop: 'username', label: '用户名', hideable: false },
  { prop: 'name', label: '姓名' },
  { prop: 'phone', label: '手机号' },
  { prop: 'id', label: 'ID', defaultHidden: true },
]

describe('column settings', () => {
  it('defaults, then persists the choice per list', async () => {
    localStorage.clear()
    expect(loadHiddenColumns('t1', columns)).toEqual(['id'])
    const settings = useColumnSettings('t1', () => columns)
    expect(settings.visibleColumns.value.map((c) => c.prop)).toEqual(['username', 'name', 'phone'])
    expect(settings.hideableColumns.value.map((c) => c.prop)).toEqual(['name', 'phone', 'id'])
    settings.setVisible('phone', false)
    settings.setVisible('id', true)
    await nextTick()
    expect(JSON.parse(localStorage.getItem('crab-admin:columns:t1')!)).toEqual(['phone'])
    expect(useColumnSettings('t1', () => columns).visibleColumns.value.map((c) => c.prop)).toEqual(['username', 'name', 'id'])
    settings.reset()
    expect(settings.hidden.value).toEqual(['id'])
  })

  it('ignores unknown, unhideable or corrupt saved values', () => {
    saveHiddenColumns('t2', ['username', 'gone', 'name'])
    expect(loadHiddenColumns('t2', columns)).toEqual(['name'])
    localStorage.setItem('crab-admin:columns:t3', '{not json')
    expect(loadHiddenColumns('t3', columns)).toEqual(['id'])
  })
})

describe('permission tree', () => {
  const groups = [
    { code: 'admins', name: '管理员与权限', permissions: [{ code: 'admins.view', name: '查看管理员' }, { code: 'admins.manage', name: '管理管理员' }] },
    { code: 'audit', name: '审计', permissions: [{ code: 'audit.view', name: '查看操作日志' }] },
  ]
  it('groups become parents, codes become leaf keys', () => {
    const nodes = toPermissionNodes(groups)
    expect(nodes[0]!.key).toBe('group:admins')
    expect(nodes[0]!.children!.map((c) => c.key)).toEqual(['admins.view', 'admins.manage'])
  })
  it('checked keys → permission codes', () => {
    expect(permissionCodesFromKeys(['group:admins', 'admins.view', 'admins.manage', 'admins.view', 'audit.view'])).toEqual(['admins.view', 'admins.manage', 'audit.view'])
    expect(permissionNames(groups).get('audit.view')).toBe('查看操作日志')
  })
  it('permissions the admin does not hold are disabled with a hint (a super-admin passes none)', () => {
    const nodes = toPermissionNodes(groups, new Set(['admins.view']))
    expect(nodes[0]!.disabled).toBe(false)
    expect(nodes[0]!.children!.map((c) => c.disabled)).toEqual([false, true])
    expect(nodes[0]!.children![1]!.label.endsWith(NOT_HELD_SUFFIX)).toBe(true)
    expect(nodes[1]!.disabled).toBe(true)
    expect(toPermissionNodes(groups).flatMap((g) => g.children!).some((c) => c.disabled)).toBe(false)
    expect(unheldPermissions(['admins.view', 'audit.view'], new Set(['admins.view']))).toEqual(['audit.view'])
    expect(unheldPermissions(['audit.view'])).toEqual([])
  })
})

describe('format', () => {
  it('shows times in Asia/Shanghai', () => {
    expect(formatDateTime('2026-11-23T12:00:00Z')).toBe('2026-11-23 20:00:00')
    expect(formatDateTime('2026-11-23T18:30:05Z')).toBe('2026-11-24 02:30:05')
    expect(formatDateTime(null)).toBe('-')
  })
  it('shows fen as yuan', () => {
    expect(formatFen(123456)).toBe('¥1,234.56')
    expect(formatFen(5)).toBe('¥0.05')
    expect(formatFen(-100)).toBe('-¥1.00')
  })
})

describe('safeRedirect', () => {
  it.each([
    ['/members?page=2', '/members?page=2'],
    ['//evil.example', '/'],
    ['https://evil.example', '/'],
    ['/login?x=1', '/'],
    [undefined, '/'],
    [['/audit-logs'], '/audit-logs'],
  ])('%s → %s', (value, expected) => {
    expect(safeRedirect(value)).toBe(expected)
  })
})

describe('newUuid', () => {
  it('is a v4 UUID', () => {
    expect(newUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
