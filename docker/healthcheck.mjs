// Container healthcheck: `node docker/healthcheck.mjs PORT [PORT…]` exits 0 when GET https://127.0.0.1:PORT/health
// answers 200 on every port given. TLS is verified against the sandbox CA ($SANDBOX_DATA_DIR/pki/ca.pem) with
// the name `localhost`, which every server certificate carries. No curl in the slim image, so Node does it.
import { readFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';

const TIMEOUT_MS = 4000;
const ports = process.argv.slice(2).map(Number);
if (!ports.length || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
  console.error('usage: node healthcheck.mjs PORT [PORT…]');
  process.exit(2);
}

let ca;
try {
  ca = readFileSync(join(process.env.SANDBOX_DATA_DIR || '/data', 'pki', 'ca.pem'));
} catch (e) {
  console.error(`healthcheck: no sandbox CA: ${e.message}`);
  process.exit(1);
}

function check(port) {
  return new Promise((resolve) => {
    const req = get(
      { host: '127.0.0.1', port, path: '/health', ca, servername: 'localhost', timeout: TIMEOUT_MS },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? null : `port ${port}: HTTP ${res.statusCode}`);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve(`port ${port}: ${e.message}`));
  });
}

const failed = (await Promise.all(ports.map(check))).filter(Boolean);
for (const f of failed) console.error(`healthcheck: ${f}`);
process.exit(failed.length ? 1 : 0);
