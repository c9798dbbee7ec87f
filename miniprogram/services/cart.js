/**
 * 购物车 (/cart): packages only; every change answers the whole cart
 * `{items: [{id, item_id, item, quantity, is_selected, price, available, unavailable_reason}], selected_count,
 * selected_amount}` (the totals count the selected lines that are available, at the caller's price;
 * unavailable_reason: off_shelf, sold_out, short, or null when available).
 */
const http = require('../utils/request');

const MIN_QUANTITY = 1;
const MAX_QUANTITY = 99;

function clampQuantity(quantity) {
  const n = Math.floor(Number(quantity));
  if (!Number.isFinite(n)) return MIN_QUANTITY;
  return Math.min(MAX_QUANTITY, Math.max(MIN_QUANTITY, n));
}

/** → the cart */
function getCart(options) {
  return http.get('/cart', undefined, options);
}

/** Adds a package (adding it again adds to the quantity, at most 99) → the cart line */
function addToCart(itemId, quantity, options) {
  return http.post('/cart/lines', { item_id: Number(itemId), quantity: clampQuantity(quantity || 1) }, options);
}

/** changes: {quantity?, is_selected?} → the cart */
function updateLine(lineId, changes, options) {
  const body = {};
  if (changes && changes.quantity !== undefined) body.quantity = clampQuantity(changes.quantity);
  if (changes && changes.is_selected !== undefined) body.is_selected = Boolean(changes.is_selected);
  return http.patch(`/cart/lines/${encodeURIComponent(lineId)}`, body, options);
}

/** → the cart */
function removeLines(lineIds, options) {
  return http.post('/cart/remove', { line_ids: (lineIds || []).map(Number) }, options);
}

/** → the cart */
function selectAll(selected, options) {
  return http.post('/cart/select-all', { selected: Boolean(selected) }, options);
}

module.exports = { MIN_QUANTITY, MAX_QUANTITY, clampQuantity, getCart, addToCart, updateLine, removeLines, selectAll };
