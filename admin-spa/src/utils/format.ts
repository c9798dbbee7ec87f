// Display formatting: times in Asia/Shanghai, money in yuan.

const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** ISO UTC → `2026-11-23 20:00:00` in Shanghai time; '' or '-' for nothing. */
export function formatDateTime(iso: string | null | undefined, empty = '-'): string {
  if (!iso) return empty
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const parts = Object.fromEntries(dateTimeFormat.formatToParts(date).map((p) => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`
}

/** Shanghai calendar day `YYYY-MM-DD` of a date. */
export function shanghaiDay(date: Date): string {
  return formatDateTime(date.toISOString()).slice(0, 10)
}

/** Integer fen → `¥1,234.50`. */
export function formatFen(fen: number | null | undefined, empty = '-'): string {
  if (fen === null || fen === undefined || Number.isNaN(fen)) return empty
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const yuan = Math.floor(abs / 100).toLocaleString('en-US')
  const cents = String(abs % 100).padStart(2, '0')
  return `${sign}¥${yuan}.${cents}`
}

export const GENDER_LABELS: Record<number, string> = { 0: '未知', 1: '男', 2: '女' }

/** 2048 → `2.0 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
