// Money and rates as the API wants them: integer fen and basis points, converted from what people type (yuan, percent)
// by parsing the decimal string — never through floating-point multiplication, so "19.99" is exactly 1999 fen.

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/

/** Parses a decimal string into an integer of `scale` decimal places ("19.9", 2 → 1990); null when not a number or too precise. */
export function parseScaled(input: string | number | null | undefined, scale: number): number | null {
  if (input === null || input === undefined) return null
  const text = String(input).trim().replace(/,/g, '').replace(/^¥/, '')
  if (text === '') return null
  const match = DECIMAL.exec(text)
  if (!match) return null
  const [, sign, whole = '', frac = ''] = match
  if (whole === '' && frac === '') return null
  if (frac.length > scale) {
    // Extra digits are fine only when they are zeros ("1.500" yuan).
    if (/[^0]/.test(frac.slice(scale))) return null
  }
  const digits = `${whole || '0'}${frac.slice(0, scale).padEnd(scale, '0')}`
  const value = Number.parseInt(digits, 10)
  if (!Number.isSafeInteger(value)) return null
  return sign === '-' ? -value : value
}

/** Formats an integer of `scale` decimal places as a decimal string (1990, 2 → "19.90"). */
export function formatScaled(value: number, scale: number, trimZeros = false): string {
  const sign = value < 0 ? '-' : ''
  const abs = String(Math.abs(Math.trunc(value))).padStart(scale + 1, '0')
  const whole = abs.slice(0, abs.length - scale)
  let frac = abs.slice(abs.length - scale)
  if (trimZeros) frac = frac.replace(/0+$/, '')
  return frac ? `${sign}${whole}.${frac}` : `${sign}${whole}`
}

/** "19.99" (yuan, up to 2 decimals) → 1999 fen; null when empty or invalid. */
export function yuanToFen(yuan: string | number | null | undefined): number | null {
  return parseScaled(yuan, 2)
}

/** 1999 fen → "19.99" (always two decimals); '' for nothing. */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return ''
  return formatScaled(fen, 2)
}

/** 9500 basis points → "95" (percent, up to two decimals, trailing zeros dropped: 9550 → "95.5"). */
export function bpToPercent(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || Number.isNaN(bp)) return ''
  return formatScaled(bp, 2, true)
}

/** "95.5" percent → 9550 basis points; null when empty or invalid. */
export function percentToBp(percent: string | number | null | undefined): number | null {
  return parseScaled(String(percent ?? '').replace(/%$/, ''), 2)
}

/** A rate for display: 9500 → "95%"; the discount a shopper reads: 9500 → "9.5 折". */
export function formatRate(bp: number | null | undefined): string {
  const p = bpToPercent(bp)
  return p ? `${p}%` : '-'
}
export function formatZhe(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '-'
  if (bp >= 10000) return '无折扣'
  return `${formatScaled(bp, 3, true)} 折`
}

/** Form rule helper: a yuan amount in [min, max] fen, or a message. */
export function checkYuan(value: string, opts: { required?: boolean; minFen?: number; maxFen?: number; label?: string } = {}): string | null {
  const label = opts.label ?? '金额'
  if (value === undefined || value === null || String(value).trim() === '') return opts.required ? `请输入${label}` : null
  const fen = yuanToFen(value)
  if (fen === null) return `${label}格式不正确（最多两位小数）`
  if (opts.minFen !== undefined && fen < opts.minFen) return `${label}不能小于 ${fenToYuan(opts.minFen)} 元`
  if (opts.maxFen !== undefined && fen > opts.maxFen) return `${label}不能大于 ${fenToYuan(opts.maxFen)} 元`
  return null
}

/** Form rule helper: a percent in (0, 100] with up to two decimals. */
export function checkPercent(value: string, label = '折扣率'): string | null {
  if (value === undefined || value === null || String(value).trim() === '') return `请输入${label}`
  const bp = percentToBp(value)
  if (bp === null) return `${label}格式不正确（最多两位小数）`
  if (bp < 1 || bp > 10000) return `${label}须在 0.01% 到 100% 之间`
  return null
}
