// Names the console uses for the API's schemas: the only place that knows the generated names (src/api/types.ts,
// from openapi/openapi.json by `npm run gen:api`). When the API changes shape, the build breaks here or at the users.
import type { components, paths } from './types'

type S = components['schemas']

/**
 * What the server answers: every declared field is present (the API dumps whole objects, the OpenAPI document just
 * doesn't mark output fields required); nullable fields stay `| null`.
 */
export type Answer<T> = T extends (infer U)[] ? Answer<U>[] : T extends object ? { [K in keyof T]-?: Answer<T[K]> } : T

/** The query parameters of a GET endpoint, by its full path. */
export type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never

export type ApiErrorBody = S['Error']

export type Admin = Answer<S['Admin']>
/** `permissions` is untyped in the document (a computed field): the codes the admin holds (super-admin: all). */
export type AdminMe = Answer<Omit<S['AdminMe'], 'permissions'>> & { permissions: string[] }
export type AdminLoginAnswer = Answer<Omit<S['AdminLoginAnswer'], 'admin'>> & { admin?: AdminMe }
export type AdminTokenAnswer = Answer<S['AdminToken']>
export type AdminCreateBody = S['AdminCreate']
export type AdminUpdateBody = S['AdminUpdate']
export type AdminPasswordBody = S['AdminPasswordChange']
export type AdminListQuery = QueryOf<'/api/v1/admin/accounts'>

export type Permission = Answer<S['Permission']>
export type PermissionGroup = Answer<S['PermissionGroup']>
export type PermissionTree = Answer<S['PermissionCatalog']>

export type Role = Answer<S['Role']>
export type RoleBody = S['RoleInput']
export type RoleUpdateBody = S['RoleUpdate']
export type RoleListQuery = QueryOf<'/api/v1/admin/roles'>

export type AuditLog = Answer<S['AuditLog']>
export type AuditLogListQuery = QueryOf<'/api/v1/admin/audit-logs'>

/** A member list row (GET /admin/members). */
export type Member = MemberRow
export type MemberDetail = Answer<Omit<S['MemberDetail'], 'member_level_name'>> & { member_level_name?: string | null }
export type MemberListQuery = QueryOf<'/api/v1/admin/members'>

/** The list answer every list endpoint shares (docs/api.md "Lists"). */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

/** Query values a list endpoint accepts; empty values are dropped before sending. */
export type ListQuery = Record<string, string | number | boolean | undefined | null>

// ---- catalog ----
export type CategoryScope = 'product' | 'package' | 'card'
export type Category = Answer<S['Category']>
export interface CategoryNode {
  category: Category
  children: CategoryNode[]
}
export type CategoryInput = S['CategoryInput']
export type CategoryUpdate = S['CategoryUpdate']

export type ItemKind = 'product' | 'package' | 'physical_card' | 'ecard'
/** `category_name` / `redeem_package_name` are computed fields, untyped in the document. */
export type Item = Answer<Omit<S['Item'], 'category_name' | 'redeem_package_name' | 'specs'>> & {
  category_name: string | null
  redeem_package_name: string | null
  specs: ItemSpec[]
}
export interface ItemSpec {
  name: string
  value: string
}
export interface ItemContent {
  product_id: number
  product_name: string | null
  product_sku: string | null
  unit: string | null
  quantity: number
}
export type ItemDetail = Item & { detail_html: string; contents: ItemContent[] }
export type ItemBody = S['ItemCreate']
export type ItemUpdateBody = S['ItemUpdate']
export type ItemListQuery = QueryOf<'/api/v1/admin/catalog/items'>
export type StockSummary = Answer<S['StockSummary']>
export interface MemberPricePreview {
  level_id: number
  level_name: string
  rate_bp: number
  price: number
}
export interface PricePreview {
  retail_price: number
  member_prices: MemberPricePreview[]
}
export type Media = Answer<S['Media']>
export type MediaListQuery = QueryOf<'/api/v1/admin/catalog/media'>

// ---- members: levels, tags, administration ----
export type MemberLevel = Answer<S['Level']>
export type MemberLevelBody = S['LevelInput']
export type MemberTag = Answer<S['Tag']>
export type MemberTagBody = S['TagInput']
export type MemberRow = Answer<Omit<S['MemberRow'], 'member_level_name'>> & { member_level_name: string | null }
export type MemberUpdateBody = S['MemberUpdate']
export type OwnerChangeBody = S['OwnerChange']
export type Invitee = Answer<S['Invitee']>
export type MemberAnalytics = Answer<S['Analytics']>

// ---- marketing, feedback, settings ----
export type Banner = Answer<S['Banner']>
export type BannerBody = S['BannerInput']
export type BannerListQuery = QueryOf<'/api/v1/admin/banners'>
export type Feedback = Answer<Omit<S['Feedback'], 'user_name' | 'user_phone'>> & { user_name: string | null; user_phone: string | null }
export type FeedbackListQuery = QueryOf<'/api/v1/admin/feedback'>
export type CompanySettings = Required<S['Company']>
export type ProductSettings = Required<S['ProductSettings']>
export type InventorySettings = Required<S['InventorySettings']>

// ---- orders, freight, after-sales, reviews ----
/** `status_name`, `member_phone`, `member_name`, `allowed_actions` are computed fields, untyped in the document. */
type OrderComputed = { status_name: string; member_phone: string | null; member_name: string | null; allowed_actions: string[] }
export type OrderLine = Answer<S['OrderLine']>
export type OrderEvent = Answer<S['OrderEvent']>
export type Order = Answer<Omit<S['AdminOrder'], keyof OrderComputed>> & OrderComputed
export type OrderDetail = Answer<Omit<S['AdminOrderDetail'], keyof OrderComputed>> & OrderComputed
export type OrderListQuery = QueryOf<'/api/v1/admin/orders'>
/** Orders per status (and `all`) under the list's other filters: the status tabs' counts. */
export type OrderCounts = Answer<S['AdminOrderCounts']>
export type OrderCountsQuery = QueryOf<'/api/v1/admin/orders/counts'>

export type FreightRule = Answer<S['FreightRuleOut']>
export type FreightTemplate = Answer<S['FreightTemplate']>
export type FreightTemplateBody = S['FreightTemplateInput']
export type FreightRuleBody = S['FreightRule']
export type FreightQuote = Answer<S['FreightQuote']>
export type FreightQuoteQuery = QueryOf<'/api/v1/admin/freight-templates/{template_id}/quote'>

/** A case line as the buyer chose it (`lines` is `object[]` in the document). */
export interface CaseLine {
  line_id: number
  quantity: number
}
type CaseComputed = { order_no: string; status_name: string; lines: CaseLine[] }
export type AfterSaleCase = Answer<Omit<S['Case'], keyof CaseComputed>> & CaseComputed
/** A row of the after-sales desk list (GET /admin/aftersales): the case plus the member's `member_name` / `member_phone`. */
export type AfterSaleCaseRow = Answer<Omit<S['AdminCaseRow'], keyof CaseComputed>> & CaseComputed
export type AfterSaleEvent = Answer<S['CaseEvent']>
export type AfterSaleDetail = Answer<Omit<S['AdminCase'], keyof CaseComputed | 'allowed_actions'>> & CaseComputed & { allowed_actions: string[] }
export type AfterSaleListQuery = QueryOf<'/api/v1/admin/aftersales'>
export type ApproveBody = S['Approve']

/** `item_name` is the name as ordered (typed in the document). */
export type Review = Answer<Omit<S['AdminReview'], 'user_name' | 'user_avatar_url'>> & { user_name: string | null; user_avatar_url: string | null }
export type ReviewListQuery = QueryOf<'/api/v1/admin/reviews'>
export type OrderSettings = Required<S['OrderSettings']>

// ---- payments (anomalies, rejected notifications, an order's payment + refunds) ----
/** `order_no` / `order_status` are computed fields, untyped in the document. */
type PaymentComputed = { order_no: string; order_status: string }
export type AdminPayment = Answer<Omit<S['AdminPayment'], keyof PaymentComputed>> & PaymentComputed
export type PaymentRefund = Answer<S['Refund']>
export type RejectedNotification = Answer<S['NotificationLog']>
export type PaymentAnomalyKind = QueryOf<'/api/v1/admin/payments/anomalies'>['kind']
export type PaymentAnomalyQuery = QueryOf<'/api/v1/admin/payments/anomalies'>
export type RejectedNotificationQuery = QueryOf<'/api/v1/admin/payments/rejected-notifications'>
/** `payment` is null when the order was never sent to WeChat Pay. */
export interface OrderPayments {
  payment: AdminPayment | null
  refunds: PaymentRefund[]
}

// ---- dealers (spec 04, docs/dealers-api.md) ----
// Generated where the OpenAPI document has them; the rest is hand-written from docs/dealers-api.md until the lead
// regenerates openapi.json (then these switch to `Answer<S['…']>` like the others).
export type DealerTier = 1 | 2 | 3
export type DealerKind = 'city_partner' | 'flagship_store'
export type DealerType = 'offline_distributor' | 'offline_reseller'
export type DealerStatus = 'active' | 'closed'
export type Dealer = Answer<S['Dealer']>
export type DealerCreateBody = S['DealerCreate']
export type DealerUpdateBody = S['DealerUpdate']
export type DealerListQuery = QueryOf<'/api/v1/admin/dealers'>
export type MoveBody = S['Move']
export type DealerNetwork = Answer<S['Network']>
export type DealerAccounts = Answer<S['Accounts']>
export type LedgerEntry = Answer<S['Entry']>
export type EntryAccount = QueryOf<'/api/v1/admin/dealers/{dealer_id}/entries'>['account']
export type TopUpBody = S['TopUp']
export type AdjustBody = S['Adjust']
export type CreditLimitBody = S['CreditLimit']
/** `phone` / `department_name` are readOnly without a type in the document. */
export type Salesperson = Answer<Omit<S['Salesperson'], 'phone' | 'department_name' | 'password_change_required'>> & {
  phone: string | null
  department_name: string | null
}
/** `dealer_name` / `bank_account` (masked) are computed fields, untyped in the document. */
export type Withdrawal = Answer<Omit<S['Withdrawal'], 'dealer_name' | 'bank_account'>> & { dealer_name: string; bank_account: string }
export type WithdrawalStatus = 'requested' | 'paid' | 'rejected'
export type WithdrawalListQuery = QueryOf<'/api/v1/admin/withdrawals'>
export type WithdrawalDecisionBody = S['WithdrawalDecision']

/** A member owned by a dealer; `nickname`, `phone`, `member_level_name` are computed (untyped in the document). */
export type DealerMember = Answer<Omit<S['DealerMember'], 'nickname' | 'phone' | 'member_level_name'>> & {
  nickname: string | null
  phone: string | null
  member_level_name: string | null
}
/** `is_operator` is computed (untyped in the document). */
export type StaffMember = Answer<Omit<S['StaffMember'], 'is_operator'>> & { is_operator: boolean }
/** `staff_name` is computed (untyped in the document). */
export type StaffSettlement = Answer<Omit<S['StaffSettlement'], 'staff_name'>> & { staff_name: string }
export type OperationLog = Answer<S['OperationLog']>
export type DealerPerformance = Answer<S['Performance']>
export type SettledTotals = Answer<S['SettledTotals']>
export type DealerReconciliation = Answer<S['Reconciliation']>
export type EntrySettlementBody = S['MarkSettled']

export type ApplicationStatus = 'pending' | 'approved' | 'rejected'
/** `parent_name` is computed (untyped in the document). */
export type DealerApplication = Answer<Omit<S['DealerApplication'], 'parent_name'>> & { parent_name: string | null }
export type DecisionBody = S['ApplicationDecision']
export type TransferDecisionBody = S['TransferDecision']
export type DealerSettings = Required<S['DealerSettings']>

export type B2BStatus = 'pending_payment' | 'pending_shipment' | 'pending_confirmation' | 'cancelled' | 'shipped' | 'completed'
export type B2BOrderLine = Answer<S['B2BOrderLine']>
/** `action_name` is computed (untyped in the document). */
export type B2BOrderEvent = Answer<Omit<S['B2BOrderEvent'], 'action_name'>> & { action_name: string }
type B2BComputed = { dealer_name: string; status_name: string }
export type B2BOrder = Answer<Omit<S['B2BOrder'], keyof B2BComputed>> & B2BComputed
/** `allowed_actions` is the dealer's list (pay, report_transfer, cancel), not the console's. */
export type B2BOrderDetail = Answer<Omit<S['B2BOrderDetail'], keyof B2BComputed | 'allowed_actions'>> & B2BComputed & { allowed_actions: string[] }
