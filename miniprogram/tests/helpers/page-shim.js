/**
 * Page → Component shim: a page's JS is required once (our global Page() records its options), turned into a
 * component definition (data + every function as a method) and rendered by miniprogram-simulate with the page's
 * WXML. Lifecycles (onLoad/onShow/…) become plain methods that mountPage calls. Modules stay shared between pages
 * of one test, as they are in the running mini-program (one request.js, one refresh queue).
 */
const fs = require('fs');
const path = require('path');
const simulate = require('miniprogram-simulate');
const { flush } = require('./wx-mock');

const ROOT = path.resolve(__dirname, '..', '..');
const appJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'));

let pageStack = [];
let pageOptions = new Map(); // route → the options its Page() call received
let recorded = null;
let globalComponentIds = null; // app.json usingComponents, registered once per test file

function pageToComponent(options) {
  const definition = { data: JSON.parse(JSON.stringify(options.data || {})), methods: {} };
  Object.keys(options).forEach((key) => {
    if (typeof options[key] === 'function') definition.methods[key] = options[key];
  });
  return definition;
}

function installPageShim(wx) {
  pageStack = [];
  pageOptions = new Map();
  global.wx = Object.assign({}, global.wx, wx);
  global.Page = (options) => {
    recorded = options;
  };
  global.getApp = () => ({ globalData: {} });
  global.getCurrentPages = () => pageStack.slice();
}

function optionsFor(route) {
  if (!pageOptions.has(route)) {
    recorded = null;
    // eslint-disable-next-line import/no-dynamic-require, global-require
    require(path.join(ROOT, route));
    if (!recorded) throw new Error(`${route}.js did not call Page() (already required before installPageShim?)`);
    pageOptions.set(route, recorded);
  }
  return pageOptions.get(route);
}

/**
 * The app.json components, loaded once per test file in their app.json order. Each load gets the ids of those
 * loaded before it as `usingComponents`, so a component using another global one (item-card → price-tag) refers to
 * the registered one: loading a component's JS a second time would find it in Jest's module cache, Component()
 * would not run again and the tag would be unknown.
 */
function componentIds() {
  if (!globalComponentIds) {
    globalComponentIds = {};
    Object.keys(appJson.usingComponents || {}).forEach((tag) => {
      const file = path.join(ROOT, appJson.usingComponents[tag]);
      const loaded = Object.assign({}, globalComponentIds);
      globalComponentIds[tag] = simulate.load(file, tag, { compiler: 'simulate', rootPath: ROOT, usingComponents: loaded });
    });
  }
  return globalComponentIds;
}

/** Renders pages/<…>/index (route without leading slash or extension) and runs onLoad + onShow. */
async function mountPage(route, query) {
  const definition = pageToComponent(optionsFor(route));
  const id = simulate.load(
    Object.assign(definition, {
      template: fs.readFileSync(path.join(ROOT, `${route}.wxml`), 'utf8'),
      usingComponents: componentIds(),
    }),
  );
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  const page = comp.instance;
  page.route = route;
  page.options = query || {};
  pageStack.push(page);
  if (page.onLoad) page.onLoad(query || {});
  if (page.onShow) page.onShow();
  await flush();
  return comp;
}

function text(comp, selector) {
  const node = comp.querySelector(selector);
  return node ? node.dom.textContent.trim() : null;
}

module.exports = { ROOT, installPageShim, mountPage, pageToComponent, text, flush };
