// Client-side rules shared by forms (the server stays the authority and answers field errors).
import type { FormItemRule } from 'element-plus'

export const PASSWORD_HINT = '8-32 位，须同时包含字母和数字，不含空格'

export function checkPassword(value: string): string | null {
  if (!value) return '请输入密码'
  if (value.length < 8 || value.length > 32) return '密码长度须为 8-32 位'
  if (!/[A-Za-z]/.test(value) || !/\d/.test(value)) return '密码须同时包含字母和数字'
  if (/\s/.test(value)) return '密码不能包含空格'
  return null
}

export const passwordRule: FormItemRule = {
  required: true,
  trigger: 'blur',
  validator: (_rule, value: string, callback) => {
    const problem = checkPassword(value ?? '')
    callback(problem ? new Error(problem) : undefined)
  },
}

export function checkMobile(value: string): string | null {
  if (!value) return null
  return /^1[3-9]\d{9}$/.test(value) ? null : '请输入正确的 11 位手机号'
}

export const mobileRule: FormItemRule = {
  trigger: 'blur',
  validator: (_rule, value: string, callback) => {
    const problem = checkMobile(value ?? '')
    callback(problem ? new Error(problem) : undefined)
  },
}

/** An el-form rule from a check returning a message (or null when fine). */
export function ruleOf(check: (value: any) => string | null, trigger: 'blur' | 'change' = 'blur'): FormItemRule {
  return {
    trigger,
    validator: (_rule, value, callback) => {
      const problem = check(value)
      callback(problem ? new Error(problem) : undefined)
    },
  }
}

/** Optional whole number in [min, max] typed into a text box; '' is fine unless required. */
export function checkInt(value: unknown, opts: { min?: number; max?: number; required?: boolean; label?: string } = {}): string | null {
  const label = opts.label ?? '数值'
  const text = value === null || value === undefined ? '' : String(value).trim()
  if (text === '') return opts.required ? `请输入${label}` : null
  if (!/^-?\d+$/.test(text)) return `${label}须为整数`
  const n = Number(text)
  if (opts.min !== undefined && n < opts.min) return `${label}不能小于 ${opts.min}`
  if (opts.max !== undefined && n > opts.max) return `${label}不能大于 ${opts.max}`
  return null
}
