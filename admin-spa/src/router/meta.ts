import 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title (menu label, breadcrumb, document title). */
    title?: string
    /** Element Plus icon name for the menu. */
    icon?: string
    /** Any one of these permission codes opens the page; none: any logged-in admin. */
    permissions?: string[]
    /** Shown in the side menu, under this group (see router/menu.ts). */
    menu?: boolean
    group?: string
    /** Menu entry to highlight for pages not in the menu (e.g. a detail page). */
    activeMenu?: string
    /** Open without logging in. */
    public?: boolean
  }
}

export {}
