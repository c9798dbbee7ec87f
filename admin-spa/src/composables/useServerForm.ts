// The form pattern: client rules first, then the server's field errors (422 `errors`) shown on the form items.
import { nextTick, reactive, ref, type Ref } from 'vue'
import type { FormInstance } from 'element-plus'
import { isHttpError, type FieldErrors } from '@/api/http'

export interface MappedErrors {
  /** form item prop → message shown under it */
  fields: Record<string, string>
  /** messages for fields the form does not have (shown above the form) */
  general: string[]
}

/**
 * Maps the server's `errors` onto form item props: `role_ids.0` or `items[2].qty` land on their base field when the
 * form has no such exact prop; fields the form does not know become general messages.
 */
export function mapFieldErrors(errors: FieldErrors | undefined, knownFields?: readonly string[]): MappedErrors {
  const result: MappedErrors = { fields: {}, general: [] }
  if (!errors) return result
  const known = knownFields ? new Set(knownFields) : undefined
  for (const [key, raw] of Object.entries(errors)) {
    const messages = (Array.isArray(raw) ? raw : [raw]).map(String).filter(Boolean)
    if (messages.length === 0) continue
    const text = messages.join('；')
    let target: string | undefined = key
    if (known && !known.has(key)) {
      const base = key.split(/[.[]/)[0] ?? key
      target = known.has(base) ? base : undefined
    }
    if (!target || target === '_schema' || target === 'json' || target === '') {
      result.general.push(text)
      continue
    }
    result.fields[target] = result.fields[target] ? `${result.fields[target]}；${text}` : text
  }
  return result
}

export function useServerForm(formRef: Ref<FormInstance | undefined>, knownFields?: readonly string[]) {
  const fieldErrors = reactive<Record<string, string>>({})
  const generalErrors = ref<string[]>([])
  const submitting = ref(false)

  function clearErrors() {
    for (const key of Object.keys(fieldErrors)) fieldErrors[key] = ''
    generalErrors.value = []
  }

  async function applyErrors(errors: FieldErrors) {
    clearErrors()
    // el-form-item only re-shows an error when its `error` prop changes: clear, let it render, then set.
    await nextTick()
    const mapped = mapFieldErrors(errors, knownFields)
    Object.assign(fieldErrors, mapped.fields)
    generalErrors.value = mapped.general
  }

  /** Validates on the client, then runs `action`; field errors from the server land on the form. */
  async function submit<T>(action: () => Promise<T>): Promise<T | undefined> {
    if (submitting.value) return undefined
    clearErrors()
    const form = formRef.value
    if (form) {
      const valid = await form.validate().catch(() => false)
      if (!valid) return undefined
    }
    submitting.value = true
    try {
      return await action()
    } catch (e) {
      if (isHttpError(e) && Object.keys(e.errors).length > 0) await applyErrors(e.errors)
      return undefined
    } finally {
      submitting.value = false
    }
  }

  return { fieldErrors, generalErrors, submitting, submit, clearErrors, applyErrors }
}
