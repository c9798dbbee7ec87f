/**
 * URLs of files the server stores (avatars, later product images). The server answers either an absolute URL (when
 * it runs with PUBLIC_BASE_URL, or for a WeChat avatar) or a path such as `/files/avatars/12/abc.png` relative to
 * the API host, i.e. the configured base URL without its `/api/v1` suffix.
 */
const env = require('../config/env');

const DEFAULT_AVATAR = '/assets/avatar-default.png';

/** `http://127.0.0.1:5000/api/v1` → `http://127.0.0.1:5000` (the host the server's file paths are relative to). */
function apiOrigin() {
  return env.getBaseUrl().replace(/\/+$/, '').replace(/\/api\/v\d+$/, '');
}

/**
 * An absolute URL for an asset value from the server:
 * - '' / null → '' (the caller shows its placeholder);
 * - `http(s)://…` and other URLs with a scheme (`wxfile://` temp files) → unchanged;
 * - `//cdn.example.com/a.png` → `https://cdn.example.com/a.png`;
 * - `/files/…` or `files/…` → `<API origin>/files/…`.
 */
function assetUrl(path) {
  const value = String(path || '').trim();
  if (!value) return '';
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (value.indexOf('//') === 0) return `https:${value}`;
  return apiOrigin() + (value.charAt(0) === '/' ? value : `/${value}`);
}

/** The src for a user's avatar: the stored one made absolute, or the bundled default picture. */
function avatarUrl(path) {
  return assetUrl(path) || DEFAULT_AVATAR;
}

module.exports = { DEFAULT_AVATAR, apiOrigin, assetUrl, avatarUrl };
