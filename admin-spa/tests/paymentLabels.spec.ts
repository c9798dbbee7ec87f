import { describe, expect, it } from 'vitest'
import type { AdminPayment } from '@/api/models'
import {
  PAYMENT_TABS,
  anomalyKind,
  flagReasonLabel,
  normalizeOrderPayments,
  outcomeLabel,
  outcomeType,
  paymentStatusLabel,
  paymentStatusType,
  refundStatusLabel,
  refundStatusType,
  tabFromQuery,
} from '@/views/orders/payments/paymentLabels'

describe('payment anomaly tabs', () => {
  it('has the three tabs in order', () => {
    expect(PAYMENT_TABS.map((t) => t.label)).toEqual(['待支付超时', '关单后支付（已自动退款）', '验签失败通知'])
  })
  it('maps each tab to its endpoint and kind', () => {
    expect(PAYMENT_TABS.map((t) => [t.source, anomalyKind(t)])).toEqual([
      ['anomalies', 'pending_too_long'],
      ['anomalies', 'paid_after_close'],
      ['rejected', null],
    ])
  })
  it('reads the tab from the URL, falling back to the first', () => {
    expect(tabFromQuery('paid_after_close').name).toBe('paid_after_close')
    expect(tabFromQuery(['rejected']).name).toBe('rejected')
    expect(tabFromQuery(undefined).name).toBe('pending_too_long')
    expect(tabFromQuery('nonsense').name).toBe('pending_too_long')
    expect(tabFromQuery(null).name).toBe('pending_too_long')
  })
})

describe('payment labels', () => {
  it('names payment states', () => {
    expect(paymentStatusLabel('pending')).toBe('待支付')
    expect(paymentStatusLabel('paid')).toBe('已支付')
    expect(paymentStatusLabel('closed')).toBe('已关闭')
    expect(paymentStatusLabel('weird')).toBe('weird')
    expect(paymentStatusLabel(null)).toBe('-')
    expect(paymentStatusType('paid')).toBe('success')
    expect(paymentStatusType('weird')).toBe('info')
  })
  it('names refund states', () => {
    expect(['pending', 'processing', 'succeeded', 'failed'].map(refundStatusLabel)).toEqual(['待退款', '退款中', '退款成功', '退款失败'])
    expect(refundStatusType('failed')).toBe('danger')
    expect(refundStatusType(undefined)).toBe('info')
  })
  it('names notification outcomes and flag reasons', () => {
    expect(outcomeLabel('rejected')).toBe('已拒绝')
    expect(outcomeType('rejected')).toBe('danger')
    expect(outcomeLabel('')).toBe('-')
    expect(flagReasonLabel('paid_after_closed')).toBe('订单关闭后支付')
    expect(flagReasonLabel('paid_after_shipped')).toBe('paid_after_shipped')
    expect(flagReasonLabel('')).toBe('-')
  })
})

describe('normalizeOrderPayments', () => {
  const payment = { id: 3, order_id: 9, amount: 1000, status: 'paid' } as AdminPayment
  it('treats a missing, null or empty payment as none', () => {
    expect(normalizeOrderPayments(undefined)).toEqual({ payment: null, refunds: [] })
    expect(normalizeOrderPayments({ payment: null, refunds: [] })).toEqual({ payment: null, refunds: [] })
    expect(normalizeOrderPayments({ payment: {} as AdminPayment })).toEqual({ payment: null, refunds: [] })
  })
  it('keeps a payment and its refunds', () => {
    const refunds = [{ id: 1, out_refund_no: 'R1', amount: 800, reason: '死蟹', status: 'succeeded', refund_id: 'W1', created_at: '' }]
    expect(normalizeOrderPayments({ payment, refunds })).toEqual({ payment, refunds })
  })
})
