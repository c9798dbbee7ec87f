/** Stops the backend that global-setup started (its process group only). */
const { stopProcessGroup } = require('./global-setup');

module.exports = async function globalTeardown() {
  const child = globalThis.__JOURNEY_SERVER__;
  if (!child) return;
  stopProcessGroup(child);
  const deadline = Date.now() + 5000;
  while (child.exitCode === null && child.signalCode === null && Date.now() < deadline) {
    // eslint-disable-next-line no-await-in-loop
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch (e) {
      // already gone
    }
  }
};
