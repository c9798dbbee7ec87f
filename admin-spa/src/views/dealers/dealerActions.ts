// What an admin may do where, in the dealer domain: buttons follow the permission codes (dealers.manage,
// finance.manage) and the state of the row. The server stays the authority. Pure, unit-tested.
import type { Dealer, DealerAccounts, DealerNetwork } from '@/api/models'
import { checkYuan, fenToYuan, yuanToFen } from '@/utils/money'
import { checkReason } from './dealerForm'

export interface Perms {
  manage: boolean
  finance: boolean
}

export interface DealerActionSet {
  edit: boolean
  move: boolean
  close: boolean
  remove: boolean
  /** why delete is not offered (shown as a hint), when the console already knows */
  removeHint: string | null
  assignSalesperson: boolean
}

/** Base-info actions of a dealer. Delete is for a dealer with no history: the counts we know must be zero. */
export function dealerActions(d: Pick<Dealer, 'tier' | 'status'> | null, perms: Perms, network?: DealerNetwork | null): DealerActionSet {
  const none = { edit: false, move: false, close: false, remove: false, removeHint: null, assignSalesperson: false }
  if (!d || !perms.manage) return none
  const active = d.status === 'active'
  let removeHint: string | null = null
  if (network && network.tier2 + network.tier3 > 0) removeHint = '该渠道商有下级渠道商，不能删除（可关闭）'
  else if (network && network.members > 0) removeHint = '该渠道商名下有会员，不能删除（可关闭）'
  else if (network && network.staff > 0) removeHint = '该渠道商有员工，不能删除（可关闭）'
  return {
    edit: active,
    move: active && d.tier > 1,
    close: active,
    remove: removeHint === null,
    removeHint,
    assignSalesperson: active && d.tier === 1,
  }
}

export type FinanceAction = 'top_up' | 'adjust' | 'credit_limit' | 'debt_settlement'

export const FINANCE_ACTIONS: Record<FinanceAction, { label: string; title: string }> = {
  top_up: { label: '线下充值', title: '储值充值（线下转账）' },
  adjust: { label: '手工调账', title: '储值手工调账' },
  credit_limit: { label: '设置授信额度', title: '设置授信额度' },
  debt_settlement: { label: '登记还款', title: '登记额度欠款还款' },
}

/**
 * Finance actions on a dealer's stored value and credit: finance.manage, an active tier-1 (a tier-2's or tier-3's
 * stored value and credit are its tier-1's, acted on there); debt settlement only while there is debt.
 */
export function financeActions(d: Pick<Dealer, 'tier' | 'status'> | null, accounts: Pick<DealerAccounts, 'credit_used'> | null, canFinance: boolean): FinanceAction[] {
  if (!d || !canFinance || d.tier !== 1 || d.status !== 'active') return []
  const actions: FinanceAction[] = ['top_up', 'adjust', 'credit_limit']
  if (accounts && accounts.credit_used > 0) actions.push('debt_settlement')
  return actions
}

export interface FinanceFormState {
  /** yuan as typed; signed for an adjustment */
  amount: string
  reference: string
  note: string
}

/** Client rules of a finance dialog; answers field → message (empty when fine). */
export function checkFinanceForm(action: FinanceAction, form: FinanceFormState, accounts: Pick<DealerAccounts, 'stored_value' | 'credit_used'> | null): Record<string, string> {
  const errors: Record<string, string> = {}
  const put = (field: string, message: string | null) => {
    if (message) errors[field] = message
  }
  if (action === 'top_up') {
    put('amount', checkYuan(form.amount, { required: true, minFen: 1, label: '充值金额' }))
    put('reference', checkReason(form.reference, '银行流水号', 40))
    put('note', form.note.length > 200 ? '备注最多 200 个字' : null)
  } else if (action === 'adjust') {
    const problem = checkYuan(form.amount, { required: true, label: '调账金额' })
    const fen = yuanToFen(form.amount)
    if (problem) put('amount', problem)
    else if (fen === 0) put('amount', '调账金额不能为 0')
    else if (accounts && fen !== null && accounts.stored_value + fen < 0) put('amount', `调减后储值不能为负（当前 ${fenToYuan(accounts.stored_value)} 元）`)
    put('note', checkReason(form.note, '调账原因', 200))
  } else if (action === 'credit_limit') {
    const problem = checkYuan(form.amount, { required: true, minFen: 0, label: '授信额度' })
    const fen = yuanToFen(form.amount)
    if (problem) put('amount', problem)
    else if (accounts && fen !== null && fen < accounts.credit_used) put('amount', `授信额度不能低于已用额度 ${fenToYuan(accounts.credit_used)} 元`)
    put('note', checkReason(form.note, '调整说明', 200))
  } else {
    put('amount', checkYuan(form.amount, { required: true, minFen: 1, maxFen: accounts?.credit_used, label: '还款金额' }))
    put('reference', checkReason(form.reference, '银行流水号', 40))
    put('note', form.note.length > 200 ? '备注最多 200 个字' : null)
  }
  return errors
}

/** The request body of a finance dialog (after checkFinanceForm passed). */
export function financeBody(action: FinanceAction, form: FinanceFormState) {
  const amount = yuanToFen(form.amount) ?? 0
  if (action === 'adjust') return { amount, reason: form.note.trim() }
  if (action === 'credit_limit') return { credit_limit: amount, note: form.note.trim() }
  return { amount, reference: form.reference.trim(), note: form.note.trim() }
}

/** Withdrawal decisions: finance.manage, only while requested. */
export function withdrawalActions(w: { status: string }, canFinance: boolean): ('pay' | 'reject')[] {
  return canFinance && w.status === 'requested' ? ['pay', 'reject'] : []
}

/** Application decisions: dealers.manage, only while pending. */
export function applicationActions(a: { status: string }, canManage: boolean): ('approve' | 'reject')[] {
  return canManage && a.status === 'pending' ? ['approve', 'reject'] : []
}

export type B2BAction = 'confirm_transfer' | 'reject_transfer' | 'cancel'

/**
 * B2B order actions in the console: a reported transfer is confirmed or rejected by finance; an order not yet shipped
 * may be cancelled by dealers.manage (stored value paid is returned by the server).
 */
export function b2bActions(o: { status: string }, perms: Perms): B2BAction[] {
  const actions: B2BAction[] = []
  if (perms.finance && o.status === 'pending_confirmation') actions.push('confirm_transfer', 'reject_transfer')
  if (perms.manage && ['pending_payment', 'pending_confirmation', 'pending_shipment'].includes(o.status)) actions.push('cancel')
  return actions
}

/** Entries selected for reconciliation that would change: marking settled only the unsettled ones, and back. */
export function entriesToMark(selection: { id: number; settled: boolean }[], settled: boolean): number[] {
  return selection.filter((e) => e.settled !== settled).map((e) => e.id)
}
