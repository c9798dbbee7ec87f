/** Login, token and workspace endpoints (/auth/*). Successful logins are stored in the session here. */
const http = require('../utils/request');
const session = require('../utils/session');

function remember(answer) {
  session.saveLoginAnswer(answer);
  return answer;
}

function withInvite(body) {
  const inviteToken = session.getPendingInviteToken();
  return inviteToken ? Object.assign({ invite_token: inviteToken }, body) : body;
}

/** A stale or malformed invite token must not block logging in: drop it so the next try goes through. */
function dropBadInvite(error) {
  if (error && error.errors && error.errors.invite_token) session.clearPendingInviteToken();
  throw error;
}

/** code from wx.login; the pending invite token (if the app was opened from an invite QR) is sent along. */
function wechatLogin(payload, options) {
  return http.post('/auth/wechat-login', withInvite(payload), Object.assign({ auth: false }, options)).then(remember, dropBadInvite);
}

/** purpose ∈ login, bind, reset, change → {expires_in, resend_after} */
function sendSmsCode(phone, purpose, options) {
  return http.post('/auth/sms-codes', { phone, purpose }, Object.assign({ auth: purpose === 'bind' || purpose === 'change' }, options));
}

function smsLogin(payload, options) {
  return http.post('/auth/sms-login', withInvite(payload), Object.assign({ auth: false }, options)).then(remember, dropBadInvite);
}

function passwordLogin(payload, options) {
  return http.post('/auth/password-login', payload, Object.assign({ auth: false }, options)).then(remember);
}

function resetPassword(payload, options) {
  return http.post('/auth/password-reset', payload, Object.assign({ auth: false }, options));
}

/** Revokes the tokens on the server (best effort) and always forgets the local session. */
function logout(options) {
  const refreshToken = session.getRefreshToken();
  return http
    .post('/auth/logout', refreshToken ? { refresh_token: refreshToken } : {}, Object.assign({ showError: false }, options))
    .catch(() => null)
    .then(() => {
      session.clear();
    });
}

/** workspace: 'member', 'dealer:3', 'staff:7', 'sales' */
function switchWorkspace(workspace, options) {
  return http.post('/auth/workspace', { workspace }, options).then(remember);
}

module.exports = {
  wechatLogin,
  sendSmsCode,
  smsLogin,
  passwordLogin,
  resetPassword,
  logout,
  switchWorkspace,
};
