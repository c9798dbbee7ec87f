/**
 * Rich text from the console (item details, the about page) made ready for a <rich-text nodes="{{html}}"> node:
 * - picture sources that are server paths (`/files/...`) become absolute URLs through utils/url.js assetUrl, since
 *   rich-text resolves nothing against the API host;
 * - pictures are fitted to the screen width (rich-text has no stylesheet of its own: the style goes on the tag);
 * - <script>/<style> blocks and on* handler attributes are dropped (rich-text ignores them anyway; this keeps the
 *   nodes small and the text clean).
 */
const { assetUrl } = require('./url');

const IMG_STYLE = 'max-width:100%;height:auto;display:block;';

function fixImgTag(tag) {
  let out = tag.replace(/\ssrc\s*=\s*(["'])(.*?)\1/i, (all, quote, src) => ` src="${assetUrl(src.trim())}"`);
  out = out.replace(/\ssrc\s*=\s*([^\s"'>]+)/i, (all, src) => ` src="${assetUrl(src)}"`);
  if (/\sstyle\s*=\s*(["'])/i.test(out)) {
    out = out.replace(/\sstyle\s*=\s*(["'])(.*?)\1/i, (all, quote, style) => ` style="${IMG_STYLE}${style.replace(/"/g, "'")}"`);
  } else {
    out = out.replace(/^<img/i, `<img style="${IMG_STYLE}"`);
  }
  return out;
}

/** html string → html string for rich-text ('' for nothing) */
function prepareHtml(html) {
  if (!html || typeof html !== 'string') return '';
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/\son[a-z]+\s*=\s*(["']).*?\1/gi, '')
    .replace(/<img\b[^>]*>/gi, fixImgTag)
    .trim();
}

module.exports = { prepareHtml, IMG_STYLE };
