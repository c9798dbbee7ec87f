import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { mapFieldErrors, useServerForm } from '@/composables/useServerForm'
import { HttpError } from '@/api/http'
import { checkMobile, checkPassword } from '@/utils/validators'

describe('mapFieldErrors', () => {
  it('puts each field error under its form item, joining several messages', () => {
    expect(mapFieldErrors({ username: ['用户名已存在'], password: ['太短', '须含数字'] })).toEqual({
      fields: { username: '用户名已存在', password: '太短；须含数字' },
      general: [],
    })
  })

  it('maps nested keys onto their base field when the form knows it', () => {
    const mapped = mapFieldErrors({ 'role_ids.0': ['角色不存在'], 'permissions[2]': ['未知权限'] }, ['role_ids', 'permissions'])
    expect(mapped.fields).toEqual({ role_ids: '角色不存在', permissions: '未知权限' })
  })

  it('errors for fields the form does not have become general messages', () => {
    const mapped = mapFieldErrors({ _schema: ['数据格式错误'], unknown_field: ['无此字段'], name: ['必填'] }, ['name'])
    expect(mapped).toEqual({ fields: { name: '必填' }, general: ['数据格式错误', '无此字段'] })
  })

  it('tolerates a bare string instead of a list, and empty input', () => {
    expect(mapFieldErrors({ name: '必填' as unknown as string[] }).fields).toEqual({ name: '必填' })
    expect(mapFieldErrors(undefined)).toEqual({ fields: {}, general: [] })
  })
})

describe('useServerForm', () => {
  it('runs the action after client validation and maps a 422 onto the fields', async () => {
    const validate = async () => true
    const form = useServerForm(ref({ validate } as never), ['username'])
    const result = await form.submit(async () => {
      throw new HttpError(422, 'VALIDATION_ERROR', '提交的内容有误', { username: ['用户名已存在'] })
    })
    expect(result).toBeUndefined()
    expect(form.fieldErrors.username).toBe('用户名已存在')
    expect(form.submitting.value).toBe(false)
  })

  it('does not call the server when client rules fail', async () => {
    const form = useServerForm(ref({ validate: async () => Promise.reject(new Error('invalid')) } as never))
    let called = false
    await form.submit(async () => {
      called = true
    })
    expect(called).toBe(false)
  })

  it('returns the answer and clears old errors on success', async () => {
    const form = useServerForm(ref({ validate: async () => true } as never), ['name'])
    form.fieldErrors.name = '旧错误'
    await expect(form.submit(async () => 42)).resolves.toBe(42)
    expect(form.fieldErrors.name).toBe('')
  })
})

describe('validators', () => {
  it.each([
    ['', '请输入密码'],
    ['abc123', '密码长度须为 8-32 位'],
    ['a1'.repeat(17), '密码长度须为 8-32 位'],
    ['abcd 1234', '密码不能包含空格'],
    ['abcdefgh', '密码须同时包含字母和数字'],
    ['12345678', '密码须同时包含字母和数字'],
    ['Admin@12345', null],
  ])('checkPassword(%s)', (value, expected) => {
    expect(checkPassword(value)).toBe(expected)
  })
  it('checkMobile', () => {
    expect(checkMobile('')).toBeNull()
    expect(checkMobile('13800138000')).toBeNull()
    expect(checkMobile('1380013800')).toBe('请输入正确的 11 位手机号')
    expect(checkMobile('12800138000')).toBe('请输入正确的 11 位手机号')
  })
})
