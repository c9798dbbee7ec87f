// Keeps the admin's token pair (and the forced-password-change flag) across reloads.
const KEY = 'crab-admin:auth'

export interface TokenPair {
  accessToken: string
  refreshToken: string
  passwordChangeRequired?: boolean
}

export function loadTokens(): TokenPair | null {
  try {
    const raw = localStorage.getItem(KEY)
    if (!raw) return null
    const value = JSON.parse(raw) as TokenPair
    return value && value.accessToken && value.refreshToken ? value : null
  } catch {
    return null
  }
}

export function saveTokens(pair: TokenPair): void {
  localStorage.setItem(KEY, JSON.stringify(pair))
}

export function clearTokens(): void {
  localStorage.removeItem(KEY)
}
