/** A post-login destination from `?redirect=`: only paths inside the console (no open redirect). */
export function safeRedirect(value: unknown, fallback = '/'): string {
  const target = Array.isArray(value) ? value[0] : value
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/login')) return fallback
  return target
}
