/**
 * What every journey (a real page against a live backend) needs: waiting for a page's async state, the failed calls
 * of the HTTP log, local files standing in for the temporary files WeChat hands over, and the address step.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

// A valid 1×1 PNG (the backend decodes uploads, so it has to be a real picture).
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function waitFor(check, what, timeoutMs) {
  const deadline = Date.now() + (timeoutMs || 10000);
  for (;;) {
    // eslint-disable-next-line no-await-in-loop
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    // eslint-disable-next-line no-await-in-loop
    await new Promise((r) => setTimeout(r, 100));
  }
}

function failedCalls(wx) {
  return wx.__httpLog.filter((entry) => entry.status >= 400).map((e) => `${e.method} ${e.url} → ${e.status} ${JSON.stringify(e.answer)}`);
}

/**
 * Local files standing in for what wx.chooseMedia / chooseAvatar hand over: `tempFile(name, content)` writes one,
 * `cleanup()` (in afterAll) removes them all.
 */
function tempFiles(prefix) {
  const dirs = [];
  return {
    tempFile(name, content) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(dir);
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
    cleanup() {
      dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
    },
  };
}

/**
 * Save a default address in 苏州市相城区 through the real address page (fields, region, default switch).
 * `mountPage` is the test's own (page-shim installed on its wx); the caller checks the HTTP log afterwards.
 */
async function saveDefaultAddress(mountPage, values) {
  const edit = await mountPage('pages/address/edit/index');
  Object.keys(values).forEach((field) => edit.instance.onInput({ currentTarget: { dataset: { field } }, detail: { value: values[field] } }));
  edit.instance.onRegionChange({ detail: { value: ['江苏省', '苏州市', '相城区'] } });
  edit.instance.onDefaultChange({ detail: { value: true } });
  await edit.instance.onSave();
  return edit;
}

// The server re-encodes every uploaded picture (dropping anything appended to it), so what it serves back is a PNG of
// the same size, not the same bytes.
function samePicture(served, sent = PNG_1X1) {
  const signature = sent.subarray(0, 8);
  return served.subarray(0, 8).equals(signature) && served.subarray(16, 24).equals(sent.subarray(16, 24));
}

module.exports = { PNG_1X1, waitFor, failedCalls, tempFiles, saveDefaultAddress, samePicture };
