/** Delivery addresses (/me/addresses). The server keeps at most 20 and lists the default first. */
const http = require('../utils/request');

const FIELDS = ['receiver_name', 'receiver_phone', 'province', 'city', 'district', 'detail', 'postcode', 'latitude', 'longitude', 'is_default'];

function pick(address) {
  const body = {};
  FIELDS.forEach((key) => {
    if (address[key] !== undefined) body[key] = address[key];
  });
  return body;
}

/** → array of addresses, default first */
function listAddresses(options) {
  return http.get('/me/addresses', undefined, options).then((res) => {
    const items = (res && res.items) || [];
    // Stable: keeps the server's order, only makes sure the default leads.
    return items.filter((a) => a.is_default).concat(items.filter((a) => !a.is_default));
  });
}

function getAddress(id, options) {
  return http.get(`/me/addresses/${id}`, undefined, options);
}

function createAddress(address, options) {
  return http.post('/me/addresses', pick(address), options);
}

function updateAddress(id, address, options) {
  return http.put(`/me/addresses/${id}`, pick(address), options);
}

function deleteAddress(id, options) {
  return http.del(`/me/addresses/${id}`, options);
}

function setDefaultAddress(id, options) {
  return http.post(`/me/addresses/${id}/default`, {}, options);
}

module.exports = {
  listAddresses,
  getAddress,
  createAddress,
  updateAddress,
  deleteAddress,
  setDefaultAddress,
};
