/** 意见反馈 (/me/feedback): login required. */
const http = require('../utils/request');

const CONTENT_MIN = 5;
const CONTENT_MAX = 1000;
const CONTACT_MAX = 64;
const MAX_IMAGES = 9;

/** Client-side check mirroring the server's rules → {field: message} (empty when fine). */
function checkFeedback(values) {
  const errors = {};
  const content = String((values && values.content) || '').trim();
  const contact = String((values && values.contact) || '').trim();
  if (!content) errors.content = '请填写反馈内容';
  else if (content.length < CONTENT_MIN) errors.content = `反馈内容至少${CONTENT_MIN}个字`;
  else if (content.length > CONTENT_MAX) errors.content = `反馈内容最多${CONTENT_MAX}个字`;
  if (contact.length > CONTACT_MAX) errors.contact = `联系方式最多${CONTACT_MAX}个字`;
  return errors;
}

/**
 * values: content (5–1000), contact (≤ 64), images (server paths, ≤ 9; none from the mini-program yet).
 * options.idempotencyKey: keep one per form so a re-submit after a timeout is not stored twice. → the feedback
 */
function createFeedback(values, options) {
  const body = {
    content: String(values.content || '').trim(),
    contact: String(values.contact || '').trim(),
    images: (values.images || []).slice(0, MAX_IMAGES),
  };
  return http.post('/me/feedback', body, options);
}

/** query: page, page_size → {items: [{id, content, contact, status open|replied, reply, replied_at, created_at}], …} */
function listMyFeedback(query, options) {
  return http.get('/me/feedback', query, options);
}

module.exports = { CONTENT_MIN, CONTENT_MAX, CONTACT_MAX, MAX_IMAGES, checkFeedback, createFeedback, listMyFeedback };
