/** Invites (/invites): a member, dealer or dealer staff invites people through a QR code. */
const http = require('../utils/request');

/** The inviter comes from the current workspace. */
function createInvite(options) {
  return http.post('/invites', {}, options);
}

/** Public: who invites, for the landing page of a scanned code. */
function getInvite(token, options) {
  return http.get(`/invites/${encodeURIComponent(token)}`, undefined, Object.assign({ auth: false }, options));
}

function acceptInvite(token, options) {
  return http.post(`/invites/${encodeURIComponent(token)}/accept`, {}, options);
}

/** Downloads the PNG with the Authorization header → {tempFilePath} */
function downloadInviteQrcode(token, options) {
  return http.download(`/invites/${encodeURIComponent(token)}/qrcode`, options);
}

/** → {items, total, page, page_size} of {id, member_no, nickname, avatar_url, created_at} */
function listInvitees(query, options) {
  return http.get('/me/invitees', query, options);
}

module.exports = {
  createInvite,
  getInvite,
  acceptInvite,
  downloadInviteQrcode,
  listInvitees,
};
