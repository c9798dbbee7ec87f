/**
 * Every .wxml and .wxss of the mini-program goes through WeChat's own compilers (wcc / wcsc, shipped with
 * miniprogram-compiler), as DevTools does before a preview: a template or style the real client would refuse fails
 * here. (The page tests render with miniprogram-simulate's JavaScript compiler, which is more forgiving.)
 */
const fs = require('fs');
const path = require('path');
const { wxmlToJs, wxssToJs } = require('miniprogram-compiler');

const ROOT = path.resolve(__dirname, '..', '..');
const SKIP_DIRS = new Set(['node_modules', 'tests', 'scripts', 'coverage', '.git']);

function sources(ext) {
  const found = [];
  (function walk(dir) {
    fs.readdirSync(dir, { withFileTypes: true }).forEach((entry) => {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (entry.name.endsWith(ext)) {
        found.push(path.relative(ROOT, path.join(dir, entry.name)).replace(/\\/g, '/'));
      }
    });
  })(ROOT);
  return found.sort();
}

const supported = ['linux', 'darwin', 'win32'].indexOf(process.platform) !== -1 && process.arch === 'x64';
const maybe = supported ? test : test.skip;

maybe('wcc compiles every page and component template', () => {
  const files = sources('.wxml');
  expect(files).toEqual(
    expect.arrayContaining(['pages/catalog/detail/index.wxml', 'components/item-card/index.wxml', 'pages/order/checkout/index.wxml', 'components/quantity-stepper/index.wxml']),
  );
  const js = wxmlToJs(ROOT, { wxmlList: files, wxsList: sources('.wxs'), maxBuffer: 16 * 1024 * 1024 });
  files.forEach((file) => expect(js).toContain(`'${file}'`));
});

maybe('wcsc compiles app.wxss and every page and component style', () => {
  const files = sources('.wxss');
  expect(files).toEqual(expect.arrayContaining(['app.wxss', 'components/price-tag/index.wxss']));
  const js = wxssToJs(ROOT, { wxssList: files, maxBuffer: 16 * 1024 * 1024 });
  expect(typeof js).toBe('string');
  expect(js.length).toBeGreaterThan(1000);
});
