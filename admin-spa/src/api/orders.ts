// Orders, freight templates, after-sales cases and reviews (docs/orders-payments.md).
import { api } from './http'
import type {
  AdminPayment,
  AfterSaleCaseRow,
  AfterSaleDetail,
  AfterSaleListQuery,
  ApproveBody,
  FreightQuote,
  FreightQuoteQuery,
  FreightTemplate,
  FreightTemplateBody,
  Order,
  OrderDetail,
  OrderCounts,
  OrderCountsQuery,
  OrderListQuery,
  OrderPayments,
  Page,
  PaymentAnomalyQuery,
  RejectedNotification,
  RejectedNotificationQuery,
  Review,
  ReviewListQuery,
} from './models'

// ---- orders ----
export function listOrders(query: OrderListQuery, config?: { silent?: boolean }) {
  return api.get<Page<Order>>('/admin/orders', query, config)
}

/** Counts per status (and `all`) under the same filters as the list; `status` is ignored. */
export function countOrders(query: OrderCountsQuery, config?: { silent?: boolean }) {
  return api.get<OrderCounts>('/admin/orders/counts', query, config)
}

export function exportOrders(query: Omit<OrderListQuery, 'page' | 'page_size'>) {
  return api.download('/admin/orders/export', query, '订单列表.xlsx')
}

export function getOrder(id: number) {
  return api.get<OrderDetail>(`/admin/orders/${id}`)
}

// ---- freight templates ----
export async function listFreightTemplates() {
  return (await api.get<{ items: FreightTemplate[] }>('/admin/freight-templates')).items
}

export function createFreightTemplate(body: FreightTemplateBody) {
  return api.post<FreightTemplate>('/admin/freight-templates', body)
}

/** Replaces the template and all its rules. */
export function updateFreightTemplate(id: number, body: FreightTemplateBody) {
  return api.put<FreightTemplate>(`/admin/freight-templates/${id}`, body)
}

export function deleteFreightTemplate(id: number) {
  return api.delete(`/admin/freight-templates/${id}`)
}

/** Try a template out: the freight for a region, a chargeable weight and a goods total. */
export function quoteFreight(id: number, query: FreightQuoteQuery) {
  return api.get<FreightQuote>(`/admin/freight-templates/${id}/quote`, query, { silent: true })
}

// ---- after-sales ----
export function listAfterSales(query: AfterSaleListQuery) {
  return api.get<Page<AfterSaleCaseRow>>('/admin/aftersales', query)
}

export function getAfterSale(id: number) {
  return api.get<AfterSaleDetail>(`/admin/aftersales/${id}`)
}

/** Agree and refund (money moves): sent with an Idempotency-Key. */
export function approveAfterSale(id: number, body: ApproveBody) {
  return api.post<AfterSaleDetail>(`/admin/aftersales/${id}/approve`, body, { idempotent: true })
}

export function rejectAfterSale(id: number, note: string) {
  return api.post<AfterSaleDetail>(`/admin/aftersales/${id}/reject`, { note })
}

export function askBuyer(id: number, note: string) {
  return api.post<AfterSaleDetail>(`/admin/aftersales/${id}/ask-buyer`, { note })
}

// ---- reviews ----
export function listReviews(query: ReviewListQuery) {
  return api.get<Page<Review>>('/admin/reviews', query)
}

export function setReviewHidden(id: number, isHidden: boolean) {
  return api.put<Review>(`/admin/reviews/${id}/hidden`, { is_hidden: isHidden })
}

export function replyReview(id: number, reply: string) {
  return api.post<Review>(`/admin/reviews/${id}/reply`, { reply })
}

// ---- payments ----
export function listPaymentAnomalies(query: PaymentAnomalyQuery) {
  return api.get<Page<AdminPayment>>('/admin/payments/anomalies', query)
}

export function listRejectedNotifications(query: RejectedNotificationQuery) {
  return api.get<Page<RejectedNotification>>('/admin/payments/rejected-notifications', query)
}

export function getOrderPayments(orderId: number) {
  return api.get<OrderPayments>(`/admin/payments/orders/${orderId}`)
}
