import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import { buildMenu, firstMenuPath, flattenRoutes, hasAnyPermission } from '@/router/permission'
import { decideNavigation } from '@/router/guard'
import { MENU_GROUPS } from '@/router/menu'
import dashboard from '@/router/modules/dashboard'
import catalog from '@/router/modules/catalog'
import dealers from '@/router/modules/dealers'
import members from '@/router/modules/members'
import marketing from '@/router/modules/marketing'
import orders from '@/router/modules/orders'
import system from '@/router/modules/system'
import audit from '@/router/modules/audit'
import '@/router/meta'

const appRoutes: RouteRecordRaw[] = [...dashboard, ...catalog, ...dealers, ...members, ...orders, ...marketing, ...system, ...audit]
const subject = (permissions: string[], isSuper = false) => ({ isSuper, permissions })
const Page = { template: '<div />' }

describe('hasAnyPermission', () => {
  it('no requirement: any logged-in admin', () => {
    expect(hasAnyPermission(undefined, subject([]))).toBe(true)
    expect(hasAnyPermission([], subject([]))).toBe(true)
  })
  it('any one listed code is enough', () => {
    expect(hasAnyPermission(['admins.view', 'admins.manage'], subject(['admins.manage']))).toBe(true)
    expect(hasAnyPermission(['admins.view'], subject(['members.view']))).toBe(false)
  })
  it('super-admin passes everything', () => {
    expect(hasAnyPermission(['anything.at.all'], subject([], true))).toBe(true)
  })
  it('accepts a Set', () => {
    expect(hasAnyPermission(['audit.view'], { isSuper: false, permissions: new Set(['audit.view']) })).toBe(true)
  })
})

describe('buildMenu', () => {
  it('orders.view alone opens the order list, the freight templates (read-only) and the payment anomalies, not after-sales or reviews', () => {
    const menu = buildMenu(appRoutes, MENU_GROUPS, subject(['orders.view']))
    const orders = menu.find((m) => m.index === 'orders')!
    expect(orders.children!.map((c) => c.index)).toEqual(['/orders', '/freight-templates', '/payments/anomalies'])
    const single = buildMenu(appRoutes, MENU_GROUPS, subject(['aftersales.view']))
    expect(single.map((m) => m.index)).toContain('/aftersales')
  })

  it('super-admin sees every implemented page, groups in spec order', () => {
    const menu = buildMenu(appRoutes, MENU_GROUPS, subject([], true))
    expect(menu.map((m) => m.title)).toEqual(['首页', '商品管理', '渠道商管理', '会员管理', '订单管理', '提现审核', '营销管理', '系统设置', '操作日志'])
    const dealerGroup = menu.find((m) => m.index === 'dealers')!
    expect(dealerGroup.children!.map((c) => c.title)).toEqual(['渠道商列表', '渠道商申请', '进货订单'])
    const products = menu.find((m) => m.index === 'products')!
    expect(products.children!.map((c) => c.title)).toEqual(['商品分类', '全部商品', '商品（SKU）', '现货套餐', '实体提货卡', '电子卡', '回收站', '素材库'])
    const members = menu.find((m) => m.index === 'members')!
    expect(members.children!.map((c) => c.index)).toEqual(['/members', '/members/levels', '/members/tags'])
    const marketing = menu.find((m) => m.index === 'marketing')!
    expect(marketing.children!.map((c) => c.index)).toEqual(['/marketing/banners', '/marketing/feedback'])
    const orders = menu.find((m) => m.index === 'orders')!
    expect(orders.children!.map((c) => c.title)).toEqual(['订单列表', '售后管理', '评价管理', '运费模板', '支付异常'])
    const settings = menu.find((m) => m.index === 'settings')!
    expect(settings.children!.map((c) => c.index)).toEqual(['/settings/company', '/settings/products', '/settings/inventory', '/settings/orders', '/settings/dealers', '/system/admins', '/system/roles'])
  })

  it('dealer pages: dealers.view reads the network, finance.manage also opens withdrawals', () => {
    expect(buildMenu(appRoutes, MENU_GROUPS, subject(['dealers.view'])).map((m) => m.index)).toEqual(['/dashboard', 'dealers'])
    const finance = buildMenu(appRoutes, MENU_GROUPS, subject(['finance.manage']))
    expect(finance.map((m) => m.index)).toEqual(['/dashboard', 'dealers', '/withdrawals'])
    expect(finance.find((m) => m.index === 'dealers')!.children!.map((c) => c.index)).toEqual(['/dealers', '/b2b-orders'])
    const detail = flattenRoutes(appRoutes).find((r) => r.path === '/dealers/:id(\\d+)')!
    expect(hasAnyPermission(detail.route.meta!.permissions, subject(['members.view']))).toBe(false)
    expect(hasAnyPermission(detail.route.meta!.permissions, subject(['dealers.manage']))).toBe(true)
  })

  it('a role sees only what it may use; empty groups vanish', () => {
    const menu = buildMenu(appRoutes, MENU_GROUPS, subject(['members.view', 'audit.view']))
    expect(menu.map((m) => m.index)).toEqual(['/dashboard', '/members', '/audit-logs'])
  })

  it('catalog viewers see the catalog pages; create / edit forms need catalog.manage', () => {
    const menu = buildMenu(appRoutes, MENU_GROUPS, subject(['catalog.view']))
    expect(menu.map((m) => m.index)).toEqual(['/dashboard', 'products'])
    const form = flattenRoutes(appRoutes).find((r) => r.path === '/catalog/products/new')!
    expect(hasAnyPermission(form.route.meta!.permissions, subject(['catalog.view']))).toBe(false)
    expect(hasAnyPermission(form.route.meta!.permissions, subject(['catalog.manage']))).toBe(true)
  })

  it('marketing and feedback have their own codes', () => {
    expect(buildMenu(appRoutes, MENU_GROUPS, subject(['feedback.manage'])).map((m) => m.index)).toEqual(['/dashboard', '/marketing/feedback'])
    expect(buildMenu(appRoutes, MENU_GROUPS, subject(['member_levels.manage'])).map((m) => m.index)).toEqual(['/dashboard', 'members'])
    expect(buildMenu(appRoutes, MENU_GROUPS, subject(['settings.manage'])).map((m) => m.index)).toEqual(['/dashboard', 'settings'])
  })

  it('a group left with one page shows as that page', () => {
    const menu = buildMenu(appRoutes, MENU_GROUPS, subject(['roles.manage']))
    expect(menu).toEqual([
      { index: '/dashboard', title: '首页', icon: 'Odometer' },
      { index: '/system/roles', title: '角色权限', icon: 'Lock' },
    ])
  })

  it('pages outside the menu (detail pages) never show', () => {
    const menu = buildMenu(appRoutes, MENU_GROUPS, subject([], true))
    const all = menu.flatMap((m) => (m.children ? m.children.map((c) => c.index) : [m.index]))
    expect(all).not.toContain('/members/:id(\\d+)')
    expect(all).not.toContain('/catalog/products/new')
    expect(all.filter((p) => p.includes(':id'))).toEqual([])
  })

  it('handles nested route records and relative paths', () => {
    const routes: RouteRecordRaw[] = [
      {
        path: '/shop',
        component: Page,
        children: [
          { path: 'products', component: Page, meta: { title: '商品列表', menu: true, group: 'products', permissions: ['products.view'] } },
          { path: 'brands', component: Page, meta: { title: '品牌', menu: true, group: 'products', permissions: ['products.manage'] } },
        ],
      },
    ]
    expect(flattenRoutes(routes).map((r) => r.path)).toEqual(['/shop', '/shop/products', '/shop/brands'])
    const menu = buildMenu(routes, MENU_GROUPS, subject(['products.view', 'products.manage']))
    expect(menu).toEqual([
      {
        index: 'products',
        title: '商品管理',
        icon: 'Goods',
        children: [
          { index: '/shop/products', title: '商品列表', icon: undefined },
          { index: '/shop/brands', title: '品牌', icon: undefined },
        ],
      },
    ])
  })

  it('firstMenuPath picks the first leaf', () => {
    expect(firstMenuPath(buildMenu(appRoutes, MENU_GROUPS, subject(['roles.manage'])))).toBe('/dashboard')
    expect(firstMenuPath([{ index: 'settings', title: 's', children: [{ index: '/system/roles', title: 'r' }] }])).toBe('/system/roles')
    expect(firstMenuPath([])).toBeUndefined()
  })
})

describe('decideNavigation (router guard)', () => {
  const route = (name: string, fullPath: string, meta: Record<string, unknown> = {}) => ({ name, fullPath, meta })
  const session = (over: Partial<{ loggedIn: boolean; passwordChangeRequired: boolean; permissions: string[]; isSuper: boolean }> = {}) => ({
    loggedIn: over.loggedIn ?? true,
    passwordChangeRequired: over.passwordChangeRequired ?? false,
    subject: subject(over.permissions ?? [], over.isSuper ?? false),
  })

  it('not logged in: to login, remembering where to go back', () => {
    expect(decideNavigation(route('AdminList', '/system/admins?page=2'), session({ loggedIn: false }))).toEqual({
      name: 'Login',
      query: { redirect: '/system/admins?page=2' },
    })
  })
  it('public pages open without login; a logged-in admin skips the login page', () => {
    expect(decideNavigation(route('Login', '/login', { public: true }), session({ loggedIn: false }))).toBe(true)
    expect(decideNavigation(route('Login', '/login', { public: true }), session())).toEqual({ path: '/' })
  })
  it('a pending password change locks every page but the change-password page', () => {
    const s = session({ passwordChangeRequired: true, isSuper: true })
    expect(decideNavigation(route('Dashboard', '/dashboard'), s)).toEqual({ name: 'ChangePassword' })
    expect(decideNavigation(route('ChangePassword', '/change-password'), s)).toBe(true)
  })
  it('a forbidden URL shows 403', () => {
    const target = route('AdminList', '/system/admins', { permissions: ['admins.view', 'admins.manage'] })
    expect(decideNavigation(target, session({ permissions: ['members.view'] }))).toEqual({ name: 'Forbidden', query: { from: '/system/admins' } })
    expect(decideNavigation(target, session({ permissions: ['admins.view'] }))).toBe(true)
    expect(decideNavigation(target, session({ isSuper: true }))).toBe(true)
  })
})
