const session = require('./utils/session');
const inviteService = require('./services/invite');

/**
 * An invite QR code opens the mini-program with `scene=inv=<token>` (URL-encoded; a bare token is accepted too),
 * a shared link with `invite_token=<token>`.
 * A visitor keeps the token until login sends it along; a logged-in user accepts it at once (the server decides
 * whether it attaches: the first attachment wins).
 */
const TOKEN_RE = /^[A-Za-z0-9]{1,32}$/; // anything else is not ours; sending it would make the login fail

function inviteTokenFrom(options) {
  const query = (options && options.query) || {};
  let token = '';
  if (query.invite_token) {
    token = String(query.invite_token);
  } else if (query.scene) {
    const scene = decodeURIComponent(query.scene);
    if (scene.indexOf('=') === -1) {
      token = scene;
    } else {
      const pairs = {};
      scene.split('&').forEach((pair) => {
        const [key, value] = pair.split('=');
        pairs[key] = value;
      });
      token = pairs.inv || pairs.invite || '';
    }
  }
  return TOKEN_RE.test(token) ? token : '';
}

App({
  globalData: {},
  acceptedInvites: {}, // onShow repeats the launch options each time the app comes back: accept once

  onLaunch(options) {
    this.captureInvite(options);
  },

  onShow(options) {
    this.captureInvite(options);
  },

  captureInvite(options) {
    const token = inviteTokenFrom(options);
    if (!token) return;
    if (!session.isLoggedIn()) {
      session.setPendingInviteToken(token);
      return;
    }
    if (this.acceptedInvites[token]) return;
    this.acceptedInvites[token] = true;
    inviteService.acceptInvite(token, { showError: false }).catch(() => null);
  },
});

module.exports = { inviteTokenFrom };
