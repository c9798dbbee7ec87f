import { describe, expect, it } from 'vitest'
import { buildFilterQuery, buildListQuery, shanghaiDayToIso, sortParamFromTable, tableSortFromParam } from '@/composables/listQuery'

describe('buildListQuery', () => {
  it('sends page, page_size, q and sort; drops empty filters', () => {
    const query = buildListQuery({
      page: 2,
      pageSize: 50,
      keyword: '  138  ',
      sort: '-created_at',
      filters: { is_active: false, role_id: 3, action: '', actor_type: undefined, owner: null, tags: [] },
    })
    expect(query).toEqual({ page: 2, page_size: 50, q: '138', sort: '-created_at', is_active: false, role_id: 3 })
  })

  it('clamps paging to the API limits', () => {
    expect(buildListQuery({ page: 0, pageSize: 500, keyword: '', filters: {} })).toEqual({ page: 1, page_size: 100 })
    expect(buildListQuery({ page: 3.7, pageSize: 0, keyword: '', filters: {} })).toEqual({ page: 3, page_size: 20 })
  })

  it('turns a date range filter into two ISO UTC params covering whole Shanghai days', () => {
    const query = buildListQuery(
      { page: 1, pageSize: 20, keyword: '', filters: { created: ['2026-11-01', '2026-11-23'] } },
      { dateRanges: { created: ['created_from', 'created_to'] } },
    )
    expect(query).toEqual({ page: 1, page_size: 20, created_from: '2026-10-31T16:00:00Z', created_to: '2026-11-23T15:59:59Z' })
  })

  it('keeps one side of a half-open range, and ignores malformed ranges', () => {
    const opts = { dateRanges: { created: ['created_from', 'created_to'] as const } }
    expect(buildFilterQuery({ keyword: '', filters: { created: ['2026-01-01', null] } }, opts)).toEqual({ created_from: '2025-12-31T16:00:00Z' })
    expect(buildFilterQuery({ keyword: '', filters: { created: ['2026-01-01'] } }, opts)).toEqual({})
  })

  it('the export query is the same filters without paging', () => {
    const state = { page: 4, pageSize: 10, keyword: 'role', sort: undefined, filters: { action: ' role.create ', actor_type: 'admin' } }
    expect(buildFilterQuery(state)).toEqual({ q: 'role', action: 'role.create', actor_type: 'admin' })
  })

  it('passes full timestamps through unchanged', () => {
    expect(shanghaiDayToIso('2026-11-23T01:02:03Z', 'start')).toBe('2026-11-23T01:02:03Z')
  })
})

describe('sort mapping', () => {
  it.each([
    ['created_at', 'ascending', 'created_at'],
    ['created_at', 'descending', '-created_at'],
    ['created_at', null, undefined],
    [null, 'ascending', undefined],
  ] as const)('%s %s → %s', (prop, order, expected) => {
    expect(sortParamFromTable(prop, order)).toBe(expected)
  })

  it('maps back to el-table default-sort', () => {
    expect(tableSortFromParam('-last_login_at')).toEqual({ prop: 'last_login_at', order: 'descending' })
    expect(tableSortFromParam('username')).toEqual({ prop: 'username', order: 'ascending' })
    expect(tableSortFromParam(undefined)).toBeUndefined()
  })
})
