import type { RouteRecordRaw } from 'vue-router'
import type { ItemKind } from '@/api/models'
import { KINDS } from '@/views/catalog/kinds'

const VIEW = ['catalog.view', 'catalog.manage']
const MANAGE = ['catalog.manage']
const ITEM_ICONS: Record<ItemKind, string> = { product: 'Goods', package: 'Box', physical_card: 'Postcard', ecard: 'Tickets' }

/** List, create and edit routes of one sellable kind. */
function kindRoutes(kind: ItemKind): RouteRecordRaw[] {
  const meta = KINDS[kind]
  const base = `/catalog/${meta.path}`
  const title = kind === 'product' ? '商品（SKU）' : meta.label
  return [
    {
      path: base,
      name: `Catalog-${kind}`,
      component: () => import('@/views/catalog/items/ItemList.vue'),
      props: { kind },
      meta: { title, icon: ITEM_ICONS[kind], menu: true, group: 'products', permissions: VIEW },
    },
    {
      path: `${base}/new`,
      name: `CatalogNew-${kind}`,
      component: () => import('@/views/catalog/items/ItemForm.vue'),
      props: { kind },
      meta: { title: `新建${meta.label}`, permissions: MANAGE, activeMenu: base },
    },
    {
      path: `${base}/:id(\\d+)/edit`,
      name: `CatalogEdit-${kind}`,
      component: () => import('@/views/catalog/items/ItemForm.vue'),
      props: (route) => ({ kind, id: String(route.params.id) }),
      meta: { title: `编辑${meta.label}`, permissions: MANAGE, activeMenu: base },
    },
  ]
}

const routes: RouteRecordRaw[] = [
  {
    path: '/catalog/categories',
    name: 'CatalogCategories',
    component: () => import('@/views/catalog/categories/index.vue'),
    meta: { title: '商品分类', icon: 'Menu', menu: true, group: 'products', permissions: VIEW },
  },
  {
    path: '/catalog/items',
    name: 'CatalogItems',
    component: () => import('@/views/catalog/items/ItemList.vue'),
    props: { kind: 'all' },
    meta: { title: '全部商品', icon: 'Sell', menu: true, group: 'products', permissions: VIEW },
  },
  ...kindRoutes('product'),
  ...kindRoutes('package'),
  ...kindRoutes('physical_card'),
  ...kindRoutes('ecard'),
  {
    path: '/catalog/recycle-bin',
    name: 'CatalogRecycleBin',
    component: () => import('@/views/catalog/recycle/index.vue'),
    meta: { title: '回收站', icon: 'Delete', menu: true, group: 'products', permissions: VIEW },
  },
  {
    path: '/catalog/media',
    name: 'CatalogMedia',
    component: () => import('@/views/catalog/media/index.vue'),
    meta: { title: '素材库', icon: 'Picture', menu: true, group: 'products', permissions: VIEW },
  },
]
export default routes
