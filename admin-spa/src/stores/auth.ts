import { defineStore } from 'pinia'
import * as authApi from '@/api/auth'
import type { AdminLoginAnswer, AdminMe } from '@/api/models'
import { clearTokens, loadTokens, saveTokens } from '@/utils/token'
import { hasAnyPermission } from '@/router/permission'

interface AuthState {
  admin: AdminMe | null
  loggedIn: boolean
  passwordChangeRequired: boolean
}

function initialState(): AuthState {
  const pair = loadTokens()
  return { admin: null, loggedIn: !!pair, passwordChangeRequired: !!pair?.passwordChangeRequired }
}

export const useAuthStore = defineStore('auth', {
  state: initialState,
  getters: {
    isSuper: (state) => !!state.admin?.is_super,
    permissionSet: (state) => new Set(state.admin?.permissions ?? []),
    displayName: (state) => state.admin?.name || state.admin?.username || '',
  },
  actions: {
    /** Any one of `codes` (none: always true); super-admin: always true. */
    can(codes?: string | string[]): boolean {
      const list = typeof codes === 'string' ? [codes] : codes
      return hasAnyPermission(list, { isSuper: this.isSuper, permissions: this.permissionSet })
    },
    applyLoginAnswer(answer: AdminLoginAnswer) {
      saveTokens({
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token,
        passwordChangeRequired: answer.password_change_required,
      })
      this.loggedIn = true
      this.passwordChangeRequired = answer.password_change_required
    },
    async login(username: string, password: string) {
      const answer = await authApi.login(username, password)
      this.applyLoginAnswer(answer)
      this.admin = null
      await this.loadMe()
      return answer
    },
    async loadMe() {
      this.admin = await authApi.fetchMe()
      return this.admin
    },
    async changePassword(oldPassword: string, newPassword: string) {
      const answer = await authApi.changePassword(oldPassword, newPassword)
      this.applyLoginAnswer(answer)
      await this.loadMe()
    },
    async logout() {
      const pair = loadTokens()
      if (pair) {
        try {
          await authApi.logout(pair.refreshToken)
        } catch {
          /* the session ends locally whatever the server says */
        }
      }
      this.clearSession()
    },
    /** Forget the session locally (after logout, or when the server ended it). */
    clearSession() {
      clearTokens()
      this.admin = null
      this.loggedIn = false
      this.passwordChangeRequired = false
    },
    /** Re-read what the token store holds (the http layer may have refreshed or cleared it). */
    syncFromStorage() {
      const pair = loadTokens()
      this.loggedIn = !!pair
      this.passwordChangeRequired = !!pair?.passwordChangeRequired
      if (!pair) this.admin = null
    },
  },
})
