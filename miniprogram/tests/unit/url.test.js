const { createWx } = require('../helpers/wx-mock');

let url;

function load(envVersion, baseOverride) {
  jest.resetModules();
  global.wx = createWx({ envVersion });
  if (baseOverride) global.wx.__storage.set('dev.apiBaseUrl', baseOverride);
  url = require('../../utils/url');
}

describe('assetUrl', () => {
  beforeEach(() => load('develop', 'http://api.test/api/v1'));

  test('a server path is made absolute against the API origin (the base URL without /api/v1)', () => {
    expect(url.apiOrigin()).toBe('http://api.test');
    expect(url.assetUrl('/files/avatars/12/abc.png')).toBe('http://api.test/files/avatars/12/abc.png');
    expect(url.assetUrl('files/avatars/12/abc.png')).toBe('http://api.test/files/avatars/12/abc.png');
  });

  test('absolute URLs (PUBLIC_BASE_URL, WeChat avatars, local temp files) are kept as they are', () => {
    expect(url.assetUrl('https://cdn.crab.example.com/files/avatars/12/abc.png')).toBe('https://cdn.crab.example.com/files/avatars/12/abc.png');
    expect(url.assetUrl('http://127.0.0.1:5000/files/a.png')).toBe('http://127.0.0.1:5000/files/a.png');
    expect(url.assetUrl('HTTPS://Example.com/a.png')).toBe('HTTPS://Example.com/a.png');
    expect(url.assetUrl('wxfile://tmp_abc.png')).toBe('wxfile://tmp_abc.png');
    expect(url.assetUrl('//thirdwx.qlogo.cn/mmopen/x/132')).toBe('https://thirdwx.qlogo.cn/mmopen/x/132');
  });

  test('empty values give an empty string; avatarUrl falls back to the bundled default', () => {
    [undefined, null, '', '   '].forEach((value) => expect(url.assetUrl(value)).toBe(''));
    expect(url.avatarUrl('')).toBe('/assets/avatar-default.png');
    expect(url.avatarUrl(null)).toBe(url.DEFAULT_AVATAR);
    expect(url.avatarUrl('/files/avatars/1/x.webp')).toBe('http://api.test/files/avatars/1/x.webp');
  });

  test('a base URL with a trailing slash or another path prefix', () => {
    load('develop', 'http://127.0.0.1:5071/api/v1/');
    expect(url.assetUrl('/files/a.png')).toBe('http://127.0.0.1:5071/files/a.png');
    load('develop', 'https://gw.example.com/crab/api/v1');
    expect(url.assetUrl('/files/a.png')).toBe('https://gw.example.com/crab/files/a.png');
  });

  test.each([
    ['develop', 'http://127.0.0.1:5000/files/a.png'],
    ['trial', 'https://trial-api.crab.example.com/files/a.png'],
    ['release', 'https://api.crab.example.com/files/a.png'],
  ])('%s: relative to that environment’s API host', (envVersion, expected) => {
    load(envVersion);
    expect(url.assetUrl('/files/a.png')).toBe(expected);
  });
});
