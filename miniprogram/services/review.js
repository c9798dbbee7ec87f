/**
 * 评价: the lines of a completed order still to review, one review per line (login required), and an item's visible
 * reviews for the storefront (public; names come masked from the server).
 */
const http = require('../utils/request');

const CONTENT_MAX = 500;
const MAX_IMAGES = 9;
const RATING_TEXT = ['', '非常差', '差', '一般', '满意', '非常满意'];

function checkReview(values) {
  const errors = {};
  const rating = Number(values && values.rating);
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) errors.rating = '请选择评分';
  if (String((values && values.content) || '').length > CONTENT_MAX) errors.content = `评价内容最多${CONTENT_MAX}个字`;
  return errors;
}

/** → {items: order lines not reviewed yet ({id, item_id, name, cover_url, quantity, unit_price, …})} */
function listUnreviewedLines(orderId, options) {
  return http.get(`/orders/${encodeURIComponent(orderId)}/unreviewed-lines`, undefined, options);
}

/**
 * values: {order_line_id, rating 1–5, content ≤ 500, images ≤ 9} → the review.
 * Errors: 409 ORDER_NOT_COMPLETED / ALREADY_REVIEWED, 404 ORDER_LINE_NOT_FOUND, 422 field errors.
 */
function createReview(orderId, values, options) {
  const body = {
    order_line_id: Number(values.order_line_id),
    rating: Number(values.rating),
    content: String(values.content || '').trim().slice(0, CONTENT_MAX),
    images: (values.images || []).slice(0, MAX_IMAGES),
  };
  return http.post(`/orders/${encodeURIComponent(orderId)}/reviews`, body, options);
}

/** Public. query: page, page_size → {items: [{id, rating, content, images, reply, user_name (masked), created_at}], …} */
function listItemReviews(itemId, query, options) {
  return http.get(`/storefront/items/${encodeURIComponent(itemId)}/reviews`, query, Object.assign({ auth: false }, options));
}

function ratingText(rating) {
  return RATING_TEXT[Number(rating)] || '';
}

module.exports = { CONTENT_MAX, MAX_IMAGES, RATING_TEXT, checkReview, listUnreviewedLines, createReview, listItemReviews, ratingText };
