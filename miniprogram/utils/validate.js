/** Client-side checks mirroring the server's rules; each check returns '' when valid or a Chinese message. */

const PHONE_RE = /^1[3-9]\d{9}$/;
const SMS_CODE_RE = /^\d{6}$/;
const POSTCODE_RE = /^\d{6}$/;
// A receiver may give a mobile or a landline (区号-号码), as the server accepts.
const RECEIVER_PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

function isPhone(value) {
  return PHONE_RE.test(String(value || '').trim());
}

function checkPhone(value) {
  if (!String(value || '').trim()) return '请输入手机号';
  return isPhone(value) ? '' : '请输入正确的11位手机号';
}

function checkSmsCode(value) {
  if (!value) return '请输入验证码';
  return SMS_CODE_RE.test(String(value).trim()) ? '' : '验证码为6位数字';
}

/** Password rules: 8–32 characters containing both letters and digits. */
function checkPassword(value) {
  const password = String(value || '');
  if (!password) return '请输入密码';
  if (password.length < 8 || password.length > 32) return '密码长度需为8-32位';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '密码需同时包含字母和数字';
  if (/\s/.test(password)) return '密码不能包含空格';
  return '';
}

function isValidPassword(value) {
  return checkPassword(value) === '';
}

function checkNickname(value) {
  const nickname = String(value || '').trim();
  if (!nickname) return '请输入昵称';
  if (nickname.length > 32) return '昵称不能超过32个字';
  return '';
}

/** Returns {field: message} for the invalid fields of an address form; empty object when valid. */
function checkAddress(form) {
  const address = form || {};
  const errors = {};
  const name = String(address.receiver_name || '').trim();
  if (!name) errors.receiver_name = '请输入收货人姓名';
  else if (name.length > 20) errors.receiver_name = '收货人姓名不能超过20个字';
  const receiverPhone = String(address.receiver_phone || '').trim();
  if (!receiverPhone) errors.receiver_phone = '请输入收货人电话';
  else if (!RECEIVER_PHONE_RE.test(receiverPhone)) errors.receiver_phone = '请输入正确的手机号或座机号';
  if (!address.province || !address.city || !address.district) errors.region = '请选择所在地区';
  const detail = String(address.detail || '').trim();
  if (!detail) errors.detail = '请输入详细地址';
  else if (detail.length < 2) errors.detail = '详细地址至少2个字';
  else if (detail.length > 120) errors.detail = '详细地址不能超过120个字';
  if (address.postcode && !POSTCODE_RE.test(String(address.postcode).trim())) errors.postcode = '邮政编码为6位数字';
  return errors;
}

/** First message of a `{field: [messages]}` server errors object, or of a `{field: message}` client one. */
function firstError(errors) {
  if (!errors) return '';
  const keys = Object.keys(errors);
  for (let i = 0; i < keys.length; i += 1) {
    const value = errors[keys[i]];
    const message = Array.isArray(value) ? value[0] : value;
    if (message) return message;
  }
  return '';
}

// a field's messages: a list, a string, or per list index (marshmallow: {"images": {"0": ["…"]}})
function messagesOf(value) {
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === 'object') return Object.keys(value).reduce((all, k) => all.concat(messagesOf(value[k])), []);
  return [String(value)];
}

/** Server `{field: [messages]}` → `{field: 'message'}` for showing under form fields. */
function flattenErrors(errors) {
  const flat = {};
  Object.keys(errors || {}).forEach((key) => {
    const value = errors[key];
    flat[key] = messagesOf(value).join('；');
  });
  return flat;
}

module.exports = {
  isPhone,
  checkPhone,
  checkSmsCode,
  checkPassword,
  isValidPassword,
  checkNickname,
  checkAddress,
  firstError,
  flattenErrors,
};
