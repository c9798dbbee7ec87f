/** Published content: agreements and the about page (company information from the settings). */
const http = require('../utils/request');

const AGREEMENT_CODES = ['user-agreement', 'privacy-policy'];

/** code ∈ user-agreement, privacy-policy → {code, title, content, version, updated_at} */
function getAgreement(code, options) {
  return http.get(`/agreements/${encodeURIComponent(code)}`, undefined, Object.assign({ auth: false }, options));
}

/** → {name, address, logo_url, service_phone, about_html} */
function getAbout(options) {
  return http.get('/storefront/about', undefined, Object.assign({ auth: false }, options));
}

module.exports = {
  AGREEMENT_CODES,
  getAgreement,
  getAbout,
};
