import { api } from './http'
import type { AdminLoginAnswer, AdminMe } from './models'

export function login(username: string, password: string) {
  // Wrong credentials answer 401; it is not an expired session, so no refresh and no redirect.
  return api.post<AdminLoginAnswer>('/admin/auth/login', { username, password }, { skipAuth: true })
}

export function logout(refreshToken?: string) {
  return api.post<void>('/admin/auth/logout', refreshToken ? { refresh_token: refreshToken } : {}, { silent: true })
}

export function fetchMe() {
  return api.get<AdminMe>('/admin/me')
}

export function changePassword(oldPassword: string, newPassword: string) {
  return api.put<AdminLoginAnswer>('/admin/me/password', { old_password: oldPassword, new_password: newPassword })
}
