/**
 * The journey's test environment: jsdom (miniprogram-simulate renders into it) plus Node's own fetch, FormData, Blob
 * and AbortSignal, which jsdom lacks or has as its own classes that Node's fetch does not accept. They are exposed as
 * `globalThis.nodeFetch = {fetch, FormData, Blob, AbortSignal}`, leaving jsdom's globals untouched;
 * tests/helpers/http-wx.js uses them for a real multipart wx.uploadFile.
 */
const JSDOMEnvironment = require('jest-environment-jsdom').default || require('jest-environment-jsdom');

class JsdomWithNodeFetch extends JSDOMEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.nodeFetch = { fetch, FormData, Blob, AbortSignal };
  }
}

module.exports = JsdomWithNodeFetch;
