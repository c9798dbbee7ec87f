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
