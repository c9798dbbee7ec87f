import type { MenuGroupDef } from './permission'

/** Side menu groups by domain (spec 11), in display order. Groups without an implemented page do not show. */
export const MENU_GROUPS: MenuGroupDef[] = [
  { key: 'dashboard', title: '首页', icon: 'Odometer' },
  { key: 'products', title: '商品管理', icon: 'Goods' },
  { key: 'packages', title: '套餐管理', icon: 'Box' },
  { key: 'cards', title: '卡券管理', icon: 'Postcard' },
  { key: 'dealers', title: '渠道商管理', icon: 'Shop' },
  { key: 'members', title: '会员管理', icon: 'User' },
  { key: 'orders', title: '订单管理', icon: 'Tickets' },
  { key: 'dispatch', title: '调度发货', icon: 'Van' },
  { key: 'after-sales', title: '售后管理', icon: 'Service' },
  { key: 'finance', title: '财务管理', icon: 'Money' },
  { key: 'sales', title: '销售团队', icon: 'Avatar' },
  { key: 'marketing', title: '营销管理', icon: 'Promotion' },
  { key: 'settings', title: '系统设置', icon: 'Setting' },
  { key: 'audit', title: '操作日志', icon: 'Document' },
]
