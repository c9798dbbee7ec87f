/**
 * API base URL per mini-program environment (wx.getAccountInfoSync().miniProgram.envVersion).
 * develop = DevTools / 开发版, trial = 体验版, release = 正式版.
 * Only in develop can the URL be overridden at run time (storage key below), so a developer can point DevTools
 * at a backend on another port without editing code; trial and release always use the fixed URL.
 */
const BASE_URLS = {
  develop: 'http://127.0.0.1:5000/api/v1',
  trial: 'https://trial-api.crab.example.com/api/v1',
  release: 'https://api.crab.example.com/api/v1',
};

const DEV_BASE_URL_KEY = 'dev.apiBaseUrl';
// With the backend's fake WeChat service, a wx.login code of the form `openid:<x>` logs in as <x>.
const DEV_FAKE_OPENID_KEY = 'dev.fakeOpenid';

function getEnvVersion() {
  try {
    const info = wx.getAccountInfoSync();
    const version = info && info.miniProgram && info.miniProgram.envVersion;
    return BASE_URLS[version] ? version : 'release';
  } catch (e) {
    return 'release';
  }
}

function readDevSetting(key) {
  if (getEnvVersion() !== 'develop') return '';
  try {
    return wx.getStorageSync(key) || '';
  } catch (e) {
    return '';
  }
}

function getBaseUrl() {
  const override = readDevSetting(DEV_BASE_URL_KEY);
  const url = override || BASE_URLS[getEnvVersion()];
  return url.replace(/\/+$/, '');
}

function getDevFakeOpenid() {
  return readDevSetting(DEV_FAKE_OPENID_KEY);
}

module.exports = {
  BASE_URLS,
  DEV_BASE_URL_KEY,
  DEV_FAKE_OPENID_KEY,
  getEnvVersion,
  getBaseUrl,
  getDevFakeOpenid,
};
