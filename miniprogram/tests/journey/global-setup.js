/**
 * Starts the real backend for the journey: `../.venv/bin/python ../tools/dev.py e2e-server --port <free port>`
 * (fresh SQLite, demo data, fake WeChat/SMS), waits for GET /api/v1/health and hands the URL to the tests in
 * JOURNEY_API_BASE. When the backend cannot start the journey is skipped with the reason printed, unless
 * JOURNEY_REQUIRED=1 (CI), where that is a failure. JOURNEY_API_BASE set beforehand uses an already running backend
 * (then JOURNEY_JWT_SECRET, its JWT key, enables the token-refresh journey).
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const PYTHON = path.join(REPO_ROOT, '.venv', 'bin', 'python');
const DEV_SCRIPT = path.join(REPO_ROOT, 'tools', 'dev.py');
const LOG_FILE = path.resolve(__dirname, '..', '..', 'journey-server.log');
const STARTUP_TIMEOUT_MS = Number(process.env.JOURNEY_STARTUP_TIMEOUT_MS || 120000);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function healthy(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

function logTail() {
  try {
    return fs.readFileSync(LOG_FILE, 'utf8').split('\n').slice(-25).join('\n');
  } catch (e) {
    return '';
  }
}

async function startBackend() {
  if (!fs.existsSync(PYTHON)) return { reason: `no Python virtualenv at ${PYTHON}` };
  if (!fs.existsSync(DEV_SCRIPT)) return { reason: `no ${DEV_SCRIPT} (backend not present)` };
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/api/v1`;
  const log = fs.openSync(LOG_FILE, 'w');
  // Our own JWT key, so the refresh journey can mint an expired copy of a real access token.
  const jwtSecret = crypto.randomBytes(32).toString('hex');
  const child = spawn(PYTHON, [DEV_SCRIPT, 'e2e-server', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: Object.assign({}, process.env, { JWT_SECRET_KEY: jwtSecret }),
    detached: true, // own process group, so teardown can stop the server and anything it started
    stdio: ['ignore', log, log],
  });
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) return { reason: `e2e-server exited early (code ${exited.code}, signal ${exited.signal}):\n${logTail()}` };
    // eslint-disable-next-line no-await-in-loop
    if (await healthy(`${base}/health`)) return { base, child, jwtSecret };
    // eslint-disable-next-line no-await-in-loop
    await new Promise((r) => setTimeout(r, 300));
  }
  stopProcessGroup(child);
  return { reason: `e2e-server did not answer ${base}/health within ${STARTUP_TIMEOUT_MS / 1000}s:\n${logTail()}` };
}

function stopProcessGroup(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch (e) {
    // already gone
  }
}

module.exports = async function globalSetup() {
  if (process.env.JOURNEY_API_BASE) {
    console.log(`\n[journey] using the running backend at ${process.env.JOURNEY_API_BASE}`);
    return;
  }
  const result = await startBackend();
  if (result.base) {
    process.env.JOURNEY_API_BASE = result.base;
    process.env.JOURNEY_JWT_SECRET = result.jwtSecret;
    globalThis.__JOURNEY_SERVER__ = result.child;
    console.log(`\n[journey] backend started at ${result.base} (log: ${LOG_FILE})`);
    return;
  }
  if (process.env.JOURNEY_REQUIRED === '1') throw new Error(`[journey] backend required but not started: ${result.reason}`);
  process.env.JOURNEY_SKIP_REASON = result.reason;
  console.warn(`\n[journey] SKIPPED: ${result.reason}`);
};

module.exports.stopProcessGroup = stopProcessGroup;
