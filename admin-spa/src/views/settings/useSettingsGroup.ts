// The settings page pattern: load one settings group, edit it in a form, save it (client rules first, then the
// server's field errors on the form items) and show a success message.
import { onMounted, reactive, ref, type Ref } from 'vue'
import { ElMessage, type FormInstance, type FormRules } from 'element-plus'
import { getSettings, saveSettings, type SettingsGroups, type SettingsKey } from '@/api/settings'
import { useServerForm } from '@/composables/useServerForm'

export interface SettingsGroupOptions<T> {
  /** shown with ElMessage.success after a save */
  successMessage: string
  /** the body sent on save (default: a copy of the whole form) */
  payload?: (form: T) => Partial<T>
  /** client rules; without them the form is not validated on the client */
  rules?: FormRules
  /** load when the page mounts (default true) */
  immediate?: boolean
}

export function useSettingsGroup<K extends SettingsKey>(key: K, defaults: SettingsGroups[K], options: SettingsGroupOptions<SettingsGroups[K]>) {
  type T = SettingsGroups[K]
  const form = reactive({ ...defaults }) as T
  const formRef = ref<FormInstance>() as Ref<FormInstance | undefined>
  const loading = ref(false)
  const error = ref<string | null>(null)
  const { fieldErrors, generalErrors, submitting, submit } = useServerForm(options.rules ? formRef : ref(), Object.keys(defaults))

  async function load() {
    loading.value = true
    error.value = null
    try {
      Object.assign(form, await getSettings(key))
    } catch (e) {
      error.value = e instanceof Error ? e.message : '加载失败'
    } finally {
      loading.value = false
    }
  }
  if (options.immediate !== false) onMounted(load)

  /** Saves the form; answers the saved group, or undefined when nothing was saved. */
  async function save(): Promise<T | undefined> {
    const body = options.payload ? options.payload(form) : { ...form }
    const saved = await submit(() => saveSettings(key, body))
    if (!saved) return undefined
    Object.assign(form, saved)
    ElMessage.success(options.successMessage)
    return saved
  }

  return { form, formRef, rules: options.rules, loading, error, fieldErrors, generalErrors, submitting, load, save }
}

export type SettingsGroup<K extends SettingsKey = SettingsKey> = ReturnType<typeof useSettingsGroup<K>>
