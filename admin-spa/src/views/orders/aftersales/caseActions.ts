// What the merchant may do on an after-sales case: the buttons follow the server's `allowed_actions` (never the
// status), and only for admins holding aftersales.manage. Pure, unit-tested.
import { checkYuan, yuanToFen } from '@/utils/money'

export type CaseAction = 'approve' | 'reject' | 'ask_buyer'

export interface CaseActionButton {
  action: CaseAction
  label: string
  type: 'success' | 'danger' | 'warning'
}

const BUTTONS: Record<CaseAction, CaseActionButton> = {
  approve: { action: 'approve', label: '同意退款', type: 'success' },
  ask_buyer: { action: 'ask_buyer', label: '要求买家处理', type: 'warning' },
  reject: { action: 'reject', label: '拒绝', type: 'danger' },
}
const ORDER: CaseAction[] = ['approve', 'ask_buyer', 'reject']

/** Buttons in a fixed order, for the actions the server allows now; unknown actions are ignored. */
export function caseActionButtons(allowed: readonly string[] | null | undefined, canManage: boolean): CaseActionButton[] {
  if (!canManage || !allowed) return []
  const set = new Set(allowed)
  return ORDER.filter((a) => set.has(a)).map((a) => BUTTONS[a])
}

/**
 * The approve dialog's amount (yuan text; empty = the amount asked for) → the `amount` to send (fen, or null for
 * "as asked"), or an error message. It may only lower the amount.
 */
export function approveAmount(input: string, askedFen: number): { amount: number | null; error: string | null } {
  const text = (input ?? '').trim()
  if (text === '') return { amount: null, error: null }
  const error = checkYuan(text, { minFen: 1, maxFen: askedFen, label: '退款金额' })
  if (error) return { amount: null, error }
  const fen = yuanToFen(text)!
  return { amount: fen === askedFen ? null : fen, error: null }
}

/** A note is required to reject or to ask the buyer (the buyer reads it). */
export function checkCaseNote(action: CaseAction, note: string): string | null {
  if (action === 'approve') return null
  const text = (note ?? '').trim()
  if (!text) return action === 'reject' ? '请填写拒绝原因' : '请说明需要买家做什么'
  if (text.length > 200) return '最多 200 个字'
  return null
}
