/** Display formatting: money (integer fen) and times (UTC ISO strings shown in Asia/Shanghai). */

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // China has no daylight saving time: UTC+8 all year

/**
 * Integer fen → yuan string with two decimals: 1230 → '12.30', -5 → '-0.05'.
 * Done with integer division and string padding, never with floating-point division, so nothing drifts.
 * Returns '' for anything that is not an integer amount.
 */
function fenToYuan(fen) {
  let value = fen;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) value = Number(value.trim());
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) return '';
  const negative = value < 0;
  const abs = Math.abs(value);
  const yuan = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${negative ? '-' : ''}${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** '¥12.30' */
function formatPrice(fen) {
  const yuan = fenToYuan(fen);
  return yuan ? `¥${yuan}` : '';
}

function pad(n) {
  return n < 10 ? `0${n}` : String(n);
}

function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Formats a time in Asia/Shanghai whatever the device's zone: tokens YYYY MM DD HH mm ss.
 * formatDate('2026-11-23T16:05:09Z') → '2026-11-24 00:05'.
 */
function formatDate(value, pattern) {
  const date = toDate(value);
  if (!date) return '';
  const shifted = new Date(date.getTime() + SHANGHAI_OFFSET_MS);
  const parts = {
    YYYY: String(shifted.getUTCFullYear()),
    MM: pad(shifted.getUTCMonth() + 1),
    DD: pad(shifted.getUTCDate()),
    HH: pad(shifted.getUTCHours()),
    mm: pad(shifted.getUTCMinutes()),
    ss: pad(shifted.getUTCSeconds()),
  };
  return (pattern || 'YYYY-MM-DD HH:mm').replace(/YYYY|MM|DD|HH|mm|ss/g, (token) => parts[token]);
}

function formatDay(value) {
  return formatDate(value, 'YYYY-MM-DD');
}

/** 13812345678 → 138****5678 */
function maskPhone(phone) {
  if (!phone || phone.length !== 11) return phone || '';
  return `${phone.slice(0, 3)}****${phone.slice(7)}`;
}

function formatAddress(address) {
  if (!address) return '';
  return [address.province, address.city, address.district, address.detail].filter(Boolean).join(' ');
}

/**
 * Milliseconds left → 'mm:ss' (or 'H:mm:ss' from one hour on); '' once nothing is left.
 * formatCountdown(125000) → '02:05'.
 */
function formatCountdown(ms) {
  const total = Math.floor(Number(ms) / 1000);
  if (!Number.isFinite(total) || total <= 0) return '';
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

const GENDER_LABELS = ['未知', '男', '女'];

function genderLabel(gender) {
  return GENDER_LABELS[gender] || GENDER_LABELS[0];
}

module.exports = {
  fenToYuan,
  formatPrice,
  formatDate,
  formatDay,
  maskPhone,
  formatAddress,
  formatCountdown,
  GENDER_LABELS,
  genderLabel,
};
