/**
 * Dealer workspace (/dealer/*, workspace dealer:<id>, or an operator's staff:<id> for the modules granted) and the
 * dealer invites and applications any logged-in user reaches (/dealer-invites, /dealer-applications).
 * docs/dealers-api.md. Amounts are integer fen, rates basis points. Lists answer {items, total, page, page_size}.
 */
const http = require('../utils/request');

const enc = encodeURIComponent;

// ---- me, network, members ----------------------------------------------------------------------------------------------

/** → {dealer, parent, tier1, network: {tier2, tier3, members, staff}, salesperson, invite_rules} */
function getMe(options) {
  return http.get('/dealer/me', undefined, options);
}

/** query: {tier: 2|3, q, page, page_size} → Dealer items with parent_name */
function listNetwork(query, options) {
  return http.get('/dealer/network', query, options);
}

/** query: {q, page, page_size} → {id, nickname, phone (masked), member_level_name, staff_id, staff_name, created_at} */
function listMembers(query, options) {
  return http.get('/dealer/members', query, options);
}

// ---- invites ----------------------------------------------------------------------------------------------------------

/** {tier, discount_rate_bp, dealer_type} → DealerInvite (the same terms answer the same invite) */
function createDealerInvite(body, options) {
  return http.post('/dealer/dealer-invites', body, options);
}

/** My DealerInvites (not revoked): a plain array, not a page */
function listDealerInvites(options) {
  return http.get('/dealer/dealer-invites', undefined, options);
}

function revokeDealerInvite(token, options) {
  return http.del(`/dealer/dealer-invites/${enc(token)}`, options);
}

/**
 * The member levels a member invite may carry (owner or staff workspace), in level order: a plain array
 * [{id, name, discount_rate_bp, is_default}], not a page.
 */
function listMemberLevels(options) {
  return http.get('/dealer/member-levels', undefined, options);
}

/**
 * {member_level_id: int|null (the default level)} → Invite {token, scene, qrcode_url, member_level_name,
 * accepted_count}. From a staff workspace too: the new members belong to the dealer and that staff member.
 */
function createMemberInvite(body, options) {
  return http.post('/dealer/member-invites', body, options);
}

/** Public (no login needed): {token, inviter_name, tier, tier_name, dealer_type, discount_rate_bp} */
function getDealerInvite(token, options) {
  return http.get(`/dealer-invites/${enc(token)}`, undefined, Object.assign({ auth: 'optional' }, options));
}

/** The invite's mini-program code (PNG, scene dinv=<token>) downloaded with the token → {tempFilePath} */
function downloadDealerInviteQrcode(token, options) {
  return http.download(`/dealer-invites/${enc(token)}/qrcode`, options);
}

/** {name, contact_name, province, city, address} → DealerApplication (201); 409 PHONE_REQUIRED without a bound phone */
function applyDealer(token, body, options) {
  return http.post(`/dealer-invites/${enc(token)}/apply`, body, options);
}

/** My DealerApplications, newest first (a plain array of at most 50) */
function listMyApplications(options) {
  return http.get('/dealer-applications/mine', undefined, options);
}

// ---- staff ----------------------------------------------------------------------------------------------------------

function listStaff(query, options) {
  return http.get('/dealer/staff', query, options);
}

/** Sends an SMS code to the phone of the person to add (they read it out to agree) → {expires_in, resend_after} */
function sendStaffCode(phone, options) {
  return http.post('/dealer/staff/phone-codes', { phone }, options);
}

/** {name, phone, commission_rate_bp, code} → StaffMember (201); 409 STAFF_PHONE_UNAVAILABLE for any phone that cannot be added */
function createStaff(body, options) {
  return http.post('/dealer/staff', body, options);
}

function getStaff(id, options) {
  return http.get(`/dealer/staff/${id}`, undefined, options);
}

/** {name?, commission_rate_bp?} */
function updateStaff(id, body, options) {
  return http.put(`/dealer/staff/${id}`, body, options);
}

/** 409 STAFF_HAS_UNSETTLED while pending or settleable > 0 */
function deleteStaff(id, options) {
  return http.del(`/dealer/staff/${id}`, options);
}

function listStaffMembers(id, query, options) {
  return http.get(`/dealer/staff/${id}/members`, query, options);
}

/** {amount, note} → StaffSettlement (201); amount ≤ settleable */
function settleStaff(id, body, options) {
  return http.post(`/dealer/staff/${id}/settlements`, body, options);
}

/** query: {staff_id, page, page_size} */
function listStaffSettlements(query, options) {
  return http.get('/dealer/staff-settlements', query, options);
}

/** flagship stores only: {modules: [...]} makes / updates the operator → StaffMember */
function setOperator(id, modules, options) {
  return http.put(`/dealer/staff/${id}/operator`, { modules }, options);
}

function closeOperator(id, options) {
  return http.del(`/dealer/staff/${id}/operator`, options);
}

function listOperationLogs(query, options) {
  return http.get('/dealer/operation-logs', query, options);
}

// ---- accounts ----------------------------------------------------------------------------------------------------------

/**
 * → {dealer_id, tier1_id, stored_value?, credit_limit?, credit_used?, credit_available? (tier-1 only), pending,
 * withdrawable, withdrawing, withdrawn}
 */
function getAccounts(options) {
  return http.get('/dealer/accounts', undefined, options);
}

/** query: {account: stored_value|credit|earnings_*, page, page_size} */
function listEntries(query, options) {
  return http.get('/dealer/entries', query, options);
}

function listWithdrawals(query, options) {
  return http.get('/dealer/withdrawals', query, options);
}

/** {amount, bank_holder, bank_name, bank_account, invoice_no} → Withdrawal (201) */
function requestWithdrawal(body, options) {
  return http.post('/dealer/withdrawals', body, options);
}

// ---- B2B ordering (flagship stores, and operators with b2b_orders) -------------------------------------------------------

function listB2bItems(query, options) {
  return http.get('/dealer/b2b/items', query, options);
}

/** → {lines: [{id, item_id, name, cover_url, unit_price, quantity, line_total, stock}], total} */
function getB2bCart(options) {
  return http.get('/dealer/b2b/cart', undefined, options);
}

function addToB2bCart(itemId, quantity, options) {
  return http.post('/dealer/b2b/cart', { item_id: itemId, quantity }, options);
}

function updateB2bCartLine(lineId, quantity, options) {
  return http.put(`/dealer/b2b/cart/${lineId}`, { quantity }, options);
}

function removeB2bCartLine(lineId, options) {
  return http.del(`/dealer/b2b/cart/${lineId}`, options);
}

/** {from_cart: true | lines, receiver_name, receiver_phone, province, city, district, address_detail, remark} */
function createB2bOrder(body, options) {
  return http.post('/dealer/b2b/orders', body, options);
}

/** query: {status, page, page_size} */
function listB2bOrders(query, options) {
  return http.get('/dealer/b2b/orders', query, options);
}

function getB2bOrder(id, options) {
  return http.get(`/dealer/b2b/orders/${id}`, undefined, options);
}

/** Pay from stored value (409 INSUFFICIENT_FUNDS when short) */
function payB2bOrder(id, options) {
  return http.post(`/dealer/b2b/orders/${id}/pay`, {}, options);
}

/** {reference, note}: an offline transfer was made → pending_confirmation */
function reportB2bTransfer(id, body, options) {
  return http.post(`/dealer/b2b/orders/${id}/transfer`, body, options);
}

function cancelB2bOrder(id, reason, options) {
  return http.post(`/dealer/b2b/orders/${id}/cancel`, { reason }, options);
}

module.exports = {
  getMe,
  listNetwork,
  listMembers,
  createDealerInvite,
  listDealerInvites,
  revokeDealerInvite,
  listMemberLevels,
  createMemberInvite,
  getDealerInvite,
  downloadDealerInviteQrcode,
  applyDealer,
  listMyApplications,
  listStaff,
  sendStaffCode,
  createStaff,
  getStaff,
  updateStaff,
  deleteStaff,
  listStaffMembers,
  settleStaff,
  listStaffSettlements,
  setOperator,
  closeOperator,
  listOperationLogs,
  getAccounts,
  listEntries,
  listWithdrawals,
  requestWithdrawal,
  listB2bItems,
  getB2bCart,
  addToB2bCart,
  updateB2bCartLine,
  removeB2bCartLine,
  createB2bOrder,
  listB2bOrders,
  getB2bOrder,
  payB2bOrder,
  reportB2bTransfer,
  cancelB2bOrder,
};
