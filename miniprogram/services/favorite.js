/** My favorites (/me/favorites): login required. Favoriting twice or removing a missing one is harmless. */
const http = require('../utils/request');

/** query: page, page_size → {items: [{id, item, created_at}], total, page, page_size}, newest first */
function listFavorites(query, options) {
  return http.get('/me/favorites', query, options);
}

/** → {item_id, is_favorite: true} */
function addFavorite(itemId, options) {
  return http.put(`/me/favorites/${encodeURIComponent(itemId)}`, {}, options);
}

/** → {item_id, is_favorite: false} */
function removeFavorite(itemId, options) {
  return http.del(`/me/favorites/${encodeURIComponent(itemId)}`, options);
}

function setFavorite(itemId, favorite, options) {
  return favorite ? addFavorite(itemId, options) : removeFavorite(itemId, options);
}

module.exports = { listFavorites, addFavorite, removeFavorite, setFavorite };
