import { api } from './http'
import type { CompanySettings, DealerSettings, InventorySettings, OrderSettings, ProductSettings } from './models'

export interface SettingsGroups {
  company: CompanySettings
  products: ProductSettings
  inventory: InventorySettings
  orders: OrderSettings
  dealers: DealerSettings
}
export type SettingsKey = keyof SettingsGroups

export async function getSettings<K extends SettingsKey>(key: K, config?: { silent?: boolean }): Promise<SettingsGroups[K]> {
  return (await api.get<{ key: string; value: SettingsGroups[K] }>(`/admin/settings/${key}`, undefined, config)).value
}

/** Only the fields sent change; answers the whole group. */
export async function saveSettings<K extends SettingsKey>(key: K, value: Partial<SettingsGroups[K]>): Promise<SettingsGroups[K]> {
  return (await api.put<{ key: string; value: SettingsGroups[K] }>(`/admin/settings/${key}`, value)).value
}
