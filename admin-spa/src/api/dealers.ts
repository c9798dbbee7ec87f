// Dealer network (spec 04, docs/dealers-api.md): dealers, their accounts and finance actions, staff, members,
// applications, withdrawals and B2B orders. Money-moving POSTs take the caller's Idempotency-Key (see
// utils/idempotency.ts): one key per user action, the same key when that submission is retried.
import { api } from './http'
import { withKey } from '@/utils/idempotency'
import type {
  AdjustBody,
  B2BOrder,
  B2BOrderDetail,
  CreditLimitBody,
  Dealer,
  DealerAccounts,
  DealerApplication,
  DealerCreateBody,
  DealerListQuery,
  DealerMember,
  DealerNetwork,
  DealerPerformance,
  DealerReconciliation,
  DealerUpdateBody,
  DecisionBody,
  TransferDecisionBody,
  EntryAccount,
  EntrySettlementBody,
  LedgerEntry,
  ListQuery,
  MoveBody,
  OperationLog,
  Page,
  Salesperson,
  StaffMember,
  StaffSettlement,
  TopUpBody,
  Withdrawal,
  WithdrawalDecisionBody,
  WithdrawalListQuery,
} from './models'

// ---- dealers ----
export function listDealers(query: DealerListQuery | ListQuery, config?: { silent?: boolean }) {
  return api.get<Page<Dealer>>('/admin/dealers', query, config)
}
export function getDealer(id: number, config?: { silent?: boolean }) {
  return api.get<Dealer>(`/admin/dealers/${id}`, undefined, config)
}
export function createDealer(body: DealerCreateBody) {
  return api.post<Dealer>('/admin/dealers', body)
}
export function updateDealer(id: number, body: DealerUpdateBody) {
  return api.put<Dealer>(`/admin/dealers/${id}`, body)
}
/** Change the parent (moves the subtree; audited with the reason). */
export function moveDealer(id: number, body: MoveBody) {
  return api.post<Dealer>(`/admin/dealers/${id}/move`, body)
}
export function closeDealer(id: number, reason: string) {
  return api.post<Dealer>(`/admin/dealers/${id}/close`, { reason })
}
/** Only a dealer with no history; otherwise 409 DEALER_HAS_HISTORY. */
export function deleteDealer(id: number) {
  return api.delete(`/admin/dealers/${id}`)
}
export function getDealerNetwork(id: number) {
  return api.get<DealerNetwork>(`/admin/dealers/${id}/network`)
}
export function listDealerMembers(id: number, query: ListQuery) {
  return api.get<Page<DealerMember>>(`/admin/dealers/${id}/members`, query)
}
export function listDealerStaff(id: number, query: ListQuery) {
  return api.get<Page<StaffMember>>(`/admin/dealers/${id}/staff`, query)
}
export function listStaffSettlements(id: number, query: ListQuery) {
  return api.get<Page<StaffSettlement>>(`/admin/dealers/${id}/staff-settlements`, query)
}
export function listOperationLogs(id: number, query: ListQuery) {
  return api.get<Page<OperationLog>>(`/admin/dealers/${id}/operation-logs`, query)
}
export function getDealerPerformance(id: number) {
  return api.get<DealerPerformance>(`/admin/dealers/${id}/performance`)
}

// ---- accounts, entries, finance actions ----
export function getDealerAccounts(id: number) {
  return api.get<DealerAccounts>(`/admin/dealers/${id}/accounts`)
}
export function listEntries(id: number, account: EntryAccount, query: ListQuery) {
  return api.get<Page<LedgerEntry>>(`/admin/dealers/${id}/entries`, { ...query, account })
}
export function topUp(id: number, body: TopUpBody, key: string) {
  return api.post<DealerAccounts>(`/admin/dealers/${id}/top-ups`, body, withKey(key))
}
export function adjustStoredValue(id: number, body: AdjustBody, key: string) {
  return api.post<DealerAccounts>(`/admin/dealers/${id}/adjustments`, body, withKey(key))
}
export function setCreditLimit(id: number, body: CreditLimitBody) {
  return api.put<DealerAccounts>(`/admin/dealers/${id}/credit-limit`, body)
}
export function settleDebt(id: number, body: TopUpBody, key: string) {
  return api.post<DealerAccounts>(`/admin/dealers/${id}/debt-settlements`, body, withKey(key))
}
export function getReconciliation(id: number) {
  return api.get<DealerReconciliation>(`/admin/dealers/${id}/reconciliation`)
}
export function markEntriesSettled(id: number, body: EntrySettlementBody) {
  return api.post<{ updated: number }>(`/admin/dealers/${id}/entries/settlement`, body)
}

// ---- salespeople (for assigning a tier-1; needs dealers.manage, not the sales team permission) ----
export function listSalespeople(query: ListQuery, config?: { silent?: boolean }) {
  return api.get<Page<Salesperson>>('/admin/dealer-salespeople', query, config)
}

// ---- applications ----
export function listApplications(query: ListQuery) {
  return api.get<Page<DealerApplication>>('/admin/dealer-applications', query)
}
export function getApplication(id: number) {
  return api.get<DealerApplication>(`/admin/dealer-applications/${id}`)
}
export function decideApplication(id: number, body: DecisionBody, key: string) {
  return api.post<DealerApplication>(`/admin/dealer-applications/${id}/decision`, body, withKey(key))
}

// ---- withdrawals ----
export function listWithdrawals(query: WithdrawalListQuery | ListQuery) {
  return api.get<Page<Withdrawal>>('/admin/withdrawals', query)
}
export function decideWithdrawal(id: number, body: WithdrawalDecisionBody, key: string) {
  return api.post<Withdrawal>(`/admin/withdrawals/${id}/decision`, body, withKey(key))
}

// ---- B2B orders ----
export function listB2BOrders(query: ListQuery) {
  return api.get<Page<B2BOrder>>('/admin/b2b-orders', query)
}
export function getB2BOrder(id: number) {
  return api.get<B2BOrderDetail>(`/admin/b2b-orders/${id}`)
}
export function decideB2BTransfer(id: number, body: TransferDecisionBody, key: string) {
  return api.post<B2BOrderDetail>(`/admin/b2b-orders/${id}/transfer-decision`, body, withKey(key))
}
export function cancelB2BOrder(id: number, reason: string, key: string) {
  return api.post<B2BOrderDetail>(`/admin/b2b-orders/${id}/cancel`, { reason }, withKey(key))
}
