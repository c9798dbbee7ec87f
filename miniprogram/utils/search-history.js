/** Recent search words, kept on the phone only (local storage): newest first, no repeats, at most MAX_WORDS. */
const KEY = 'search.history';
const MAX_WORDS = 10;
const MAX_LENGTH = 32; // what GET /storefront/items accepts for q

function normalise(word) {
  return String(word || '').trim().slice(0, MAX_LENGTH);
}

function list() {
  try {
    const value = wx.getStorageSync(KEY);
    return Array.isArray(value) ? value.filter((w) => typeof w === 'string' && w) : [];
  } catch (e) {
    return [];
  }
}

function save(words) {
  try {
    wx.setStorageSync(KEY, words);
  } catch (e) {
    // storage full: the history is a convenience only
  }
  return words;
}

/** Puts `word` first and returns the new history. */
function add(word) {
  const value = normalise(word);
  if (!value) return list();
  return save([value].concat(list().filter((w) => w !== value)).slice(0, MAX_WORDS));
}

function remove(word) {
  return save(list().filter((w) => w !== word));
}

function clear() {
  try {
    wx.removeStorageSync(KEY);
  } catch (e) {
    // ignore
  }
  return [];
}

module.exports = { KEY, MAX_WORDS, MAX_LENGTH, normalise, list, add, remove, clear };
