/** Staff workspace (/staff/*, workspace staff:<id>): docs/dealers-api.md. Amounts are integer fen. */
const http = require('../utils/request');

/** → {staff: StaffMember, dealer: {id, name, tier, kind, phone, contact_name}} */
function getMe(options) {
  return http.get('/staff/me', undefined, options);
}

/** query: {q, page, page_size}: members I brought (phone masked) */
function listMembers(query, options) {
  return http.get('/staff/members', query, options);
}

/** → {total, pending, settleable, settled} */
function getEarnings(options) {
  return http.get('/staff/earnings', undefined, options);
}

/** query: {account: staff_pending|staff_settleable|staff_settled, page, page_size} */
function listEntries(query, options) {
  return http.get('/staff/entries', query, options);
}

function listSettlements(query, options) {
  return http.get('/staff/settlements', query, options);
}

module.exports = { getMe, listMembers, getEarnings, listEntries, listSettlements };
