import type { Component } from 'vue'
import {
  Avatar,
  Box,
  Document,
  Goods,
  Lock,
  Money,
  Odometer,
  Postcard,
  Promotion,
  Service,
  Setting,
  Shop,
  Tickets,
  User,
  UserFilled,
  Van,
} from '@element-plus/icons-vue'

/** Icons the menu may name in route meta / menu groups (explicit, so the bundle keeps only these). */
export const MENU_ICONS: Record<string, Component> = {
  Avatar,
  Box,
  Document,
  Goods,
  Lock,
  Money,
  Odometer,
  Postcard,
  Promotion,
  Service,
  Setting,
  Shop,
  Tickets,
  User,
  UserFilled,
  Van,
}
