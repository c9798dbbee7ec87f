/** Published content: agreements now; banners and notices later. */
const http = require('../utils/request');

const AGREEMENT_CODES = ['user-agreement', 'privacy-policy'];

/** code ∈ user-agreement, privacy-policy → {code, title, content, version, updated_at} */
function getAgreement(code, options) {
  return http.get(`/agreements/${encodeURIComponent(code)}`, undefined, Object.assign({ auth: false }, options));
}

module.exports = {
  AGREEMENT_CODES,
  getAgreement,
};
