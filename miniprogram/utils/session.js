/**
 * The logged-in session kept in local storage: token pair, active workspace and the last known user.
 * Pure storage: it never calls the network (that is request.js / services).
 */
const KEYS = {
  accessToken: 'session.accessToken',
  refreshToken: 'session.refreshToken',
  workspace: 'session.workspace',
  passwordChangeRequired: 'session.passwordChangeRequired',
  user: 'session.user',
  pendingInviteToken: 'session.pendingInviteToken',
};

function read(key) {
  try {
    const value = wx.getStorageSync(key);
    return value === undefined ? '' : value;
  } catch (e) {
    return '';
  }
}

function write(key, value) {
  try {
    wx.setStorageSync(key, value);
  } catch (e) {
    // Storage full or unavailable: the session then lives only until the next launch.
  }
}

function remove(key) {
  try {
    wx.removeStorageSync(key);
  } catch (e) {
    // ignore
  }
}

function getAccessToken() {
  return read(KEYS.accessToken) || '';
}

function getRefreshToken() {
  return read(KEYS.refreshToken) || '';
}

function isLoggedIn() {
  return Boolean(getAccessToken() && getRefreshToken());
}

/** Stores a login answer (also the refresh / workspace / password-change answers, which may lack `user`). */
function saveLoginAnswer(answer) {
  if (!answer || !answer.access_token) return;
  write(KEYS.accessToken, answer.access_token);
  if (answer.refresh_token) write(KEYS.refreshToken, answer.refresh_token);
  if (answer.workspace) write(KEYS.workspace, answer.workspace);
  write(KEYS.passwordChangeRequired, Boolean(answer.password_change_required));
  if (answer.user) write(KEYS.user, answer.user);
}

function getWorkspace() {
  return read(KEYS.workspace) || 'member';
}

function isPasswordChangeRequired() {
  return read(KEYS.passwordChangeRequired) === true;
}

function getUser() {
  return read(KEYS.user) || null;
}

function setUser(user) {
  if (user) write(KEYS.user, user);
}

function clear() {
  [KEYS.accessToken, KEYS.refreshToken, KEYS.workspace, KEYS.passwordChangeRequired, KEYS.user].forEach(remove);
}

function getPendingInviteToken() {
  return read(KEYS.pendingInviteToken) || '';
}

function setPendingInviteToken(token) {
  if (token) write(KEYS.pendingInviteToken, token);
}

function clearPendingInviteToken() {
  remove(KEYS.pendingInviteToken);
}

module.exports = {
  KEYS,
  getAccessToken,
  getRefreshToken,
  isLoggedIn,
  saveLoginAnswer,
  getWorkspace,
  isPasswordChangeRequired,
  getUser,
  setUser,
  clear,
  getPendingInviteToken,
  setPendingInviteToken,
  clearPendingInviteToken,
};
