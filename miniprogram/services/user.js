/** The logged-in user's own data (/me). */
const http = require('../utils/request');
const session = require('../utils/session');

function keepUser(user) {
  session.setUser(user);
  return user;
}

function getMe(options) {
  return http.get('/me', undefined, options).then(keepUser);
}

/** fields: nickname, avatar_url, real_name, gender (0 unknown, 1 male, 2 female) */
function updateProfile(fields, options) {
  return http.patch('/me', fields, options).then(keepUser);
}

/**
 * filePath: a local temporary file (from <button open-type="chooseAvatar">). POST /me/avatar (multipart field
 * `file`, PNG/JPEG/WebP up to 2 MB) answers the user with the stored `avatar_url` (a `/files/...` path or a full URL;
 * display it through utils/url.js). options: onProgress(percent), showError.
 */
function uploadAvatar(filePath, options) {
  return http.upload('/me/avatar', filePath, Object.assign({}, options, { name: 'file' })).then(keepUser);
}

const UPLOAD_PURPOSES = ['aftersale', 'review', 'feedback'];
const UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A picture for an after-sales case, a review or feedback: POST /me/uploads?purpose= (multipart field `file`, PNG /
 * JPEG / WebP up to 5 MB, 60 an hour) → {url} (a `/files/uploads/...` path or a full URL) to send in the form's
 * `images`. Errors: 422 `errors.file` (not a picture, too large), 429 RATE_LIMITED. options: onProgress, showError.
 */
function uploadPicture(purpose, filePath, options) {
  if (UPLOAD_PURPOSES.indexOf(purpose) === -1) return Promise.reject(new Error(`unknown upload purpose ${purpose}`));
  return http.upload('/me/uploads', filePath, Object.assign({}, options, { name: 'file', query: { purpose } }));
}

/** → {current, items: [{workspace, label}]} */
function getWorkspaces(options) {
  return http.get('/me/workspaces', undefined, options);
}

/**
 * Links the WeChat user of a wx.login code to this account (one that logged in by phone / password), which WeChat
 * Pay needs → the user. 409 WECHAT_TAKEN: that WeChat user already belongs to another account.
 */
function linkWechat(code, options) {
  return http.post('/me/wechat', { code }, options).then(keepUser);
}

/** code from <button open-type="getPhoneNumber"> */
function bindPhoneByWechat(code, options) {
  return http.post('/me/phone/wechat', { code }, options).then(keepUser);
}

function bindPhoneBySms(phone, code, options) {
  return http.post('/me/phone/sms', { phone, code }, options).then(keepUser);
}

/** Answers a new login (all other tokens revoked), which replaces the stored session. */
function changePassword(payload, options) {
  return http.put('/me/password', payload, options).then((answer) => {
    session.saveLoginAnswer(answer);
    return answer;
  });
}

module.exports = {
  getMe,
  updateProfile,
  uploadAvatar,
  uploadPicture,
  UPLOAD_PURPOSES,
  UPLOAD_MAX_BYTES,
  getWorkspaces,
  linkWechat,
  bindPhoneByWechat,
  bindPhoneBySms,
  changePassword,
};
