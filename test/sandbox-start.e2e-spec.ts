import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as https from 'node:https';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  buildIfNeeded,
  freePort,
  freePorts,
  PORT_SETTINGS,
  sandboxEnv,
  startSandbox as start,
  waitForOutput as waitFor,
  type PortSetting,
} from './support/sandbox-process';
import { removeDataDir } from '../scripts/remove-data-dir.mjs';

/*
 * Issue 2, "Done when": `npm start` brings every app up on HTTPS with the generated CA, each /health answers,
 * Ctrl-C stops everything, a restart keeps data and certificates, and bad settings or an unreachable
 * database stop the start with a clear message. Runs the built orchestrator on an embedded PostgreSQL server
 * in a scratch data folder, on free ports (so a developer's running sandbox is left alone).
 */

jest.setTimeout(180_000);

function get(url: string, options: https.RequestOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, options, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The first line after line `after` of a log that matches `pattern` (waits for it up to 30 s). */
async function loggedIn(
  logLines: () => string[],
  logFile: string,
  pattern: RegExp,
  after: number,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = logLines()
      .slice(after)
      .map((line) => line.match(pattern))
      .find(Boolean);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in ${logFile}:\n${logLines().slice(after).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One request on a new connection (so a cluster hands it to any worker), with a client certificate. */
function send(
  url: string,
  tls: https.RequestOptions,
  options: { method?: string; headers?: Record<string, string>; form?: Record<string, string>; json?: unknown } = {},
): Promise<{ status: number; json: unknown }> {
  const body =
    options.form !== undefined
      ? new URLSearchParams(options.form).toString()
      : options.json !== undefined
        ? JSON.stringify(options.json)
        : undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (body !== undefined) {
    headers['content-type'] = options.form !== undefined ? 'application/x-www-form-urlencoded' : 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = https.request(url, { ...tls, agent: false, method: options.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode ?? 0, json: text });
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('npm start (issue 2: one command runs everything)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let ports: Record<PortSetting, number>;

  beforeAll(async () => {
    buildIfNeeded();
    dataDir = mkdtempSync(path.join(tmpdir(), 'ofs-start-'));
    ports = await freePorts();
    env = sandboxEnv(dataDir, ports);
  });

  afterAll(() => {
    removeDataDir(dataDir);
  });

  it('starts every app on HTTPS with the generated CA, refuses a second sandbox, stops on Ctrl-C, and restarts with the same data and certificates', async () => {
    const first = start(env);
    try {
      await waitFor(first, 'Open Finance Sandbox is up');
      // The banner ends with the first thing to try (issue 12).
      await waitFor(
        first,
        `Try it: open https://localhost:${ports.FINANCROO_PORT}, sign in as test / p@ssword! and connect Go Bank.`,
      );
      expect(first.output()).toContain(
        'Logins: bank customer user / p@ssword!, Financroo test / p@ssword!, consent admin admin / p@ssword!',
      );
      const caFile = path.join(dataDir, 'pki', 'ca.pem');
      expect(first.output()).toContain(`CA certificate: ${caFile}`);
      const ca = readFileSync(caFile);

      for (const name of PORT_SETTINGS.filter((n) => n !== 'SANDBOX_PG_PORT' && n !== 'AUTH_SERVER_MTLS_PORT')) {
        const res = await get(`https://localhost:${ports[name]}/health`, { ca });
        expect([name, res.status, JSON.parse(res.body)]).toEqual([
          name,
          200,
          { status: 'ok', checks: { database: 'up' } },
        ]);
        expect(first.output()).toContain(`https://localhost:${ports[name]}`);
      }
      // The mutual-TLS alias of the authorization server asks for, and accepts, the TPP's client certificate.
      const mtls = await get(`https://localhost:${ports.AUTH_SERVER_MTLS_PORT}/health`, {
        ca,
        cert: readFileSync(path.join(dataDir, 'pki', 'financroo', 'client.pem')),
        key: readFileSync(path.join(dataDir, 'pki', 'financroo', 'client-key.pem')),
      });
      expect(mtls.status).toBe(200);
      // A certificate from outside the sandbox CA does not verify.
      await expect(get(`https://localhost:${ports.AUTH_SERVER_PORT}/health`, {})).rejects.toThrow(/certificate/i);

      const second = start({ ...env });
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/another sandbox is already running on .*ofs-start-/);
    } finally {
      first.child.kill('SIGINT');
    }
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'sandbox.lock'))).toBe(false);
    const ca = readFileSync(path.join(dataDir, 'pki', 'ca.pem'), 'utf8');

    const again = start(env);
    try {
      await waitFor(again, 'Open Finance Sandbox is up');
      expect(again.output()).not.toContain('certificates created or renewed');
      expect(readFileSync(path.join(dataDir, 'pki', 'ca.pem'), 'utf8')).toBe(ca);
      const res = await get(`https://localhost:${ports.GO_BANK_PORT}/health`, { ca });
      expect(res.status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await again.exited).toBe(0);
  });

  it('runs the authorization server as worker processes (AUTH_SERVER_WORKERS): a killed worker is replaced, Ctrl-C stops them all', async () => {
    const logFile = path.join(dataDir, 'logs', 'auth-server.log');
    const logLines = (): string[] => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n') : []);
    const logged = (pattern: RegExp, after: number): Promise<RegExpMatchArray> =>
      loggedIn(logLines, logFile, pattern, after);
    const since = logLines().length;
    const sandbox = start({ ...env, AUTH_SERVER_WORKERS: '2' }, ['auth-server']);
    const pids: number[] = [];
    try {
      await waitFor(sandbox, 'Open Finance Sandbox is up');
      // "Up" once every worker runs: the primary's line naming both is already in the log, and was waited for.
      expect(logLines().slice(since).join('\n')).toMatch(/auth-server: 2 worker processes \(pids \d+, \d+\)/);
      expect(sandbox.output()).toMatch(/starting the other worker processes \(auth-server 2\)…\n[^]*is up/);
      // The banner lists only what runs: the auth-server alone has the bank customer's login only.
      await waitFor(sandbox, 'Logins: bank customer user / p@ssword!\n');
      const ca = readFileSync(path.join(dataDir, 'pki', 'ca.pem'));
      const [, a, b] = await logged(/auth-server: 2 worker processes \(pids (\d+), (\d+)\)/, since);
      pids.push(Number(a), Number(b));
      expect(pids.every(alive)).toBe(true);
      // New connections are spread over the workers; every one of them serves HTTPS and mutual TLS.
      const clientCert = {
        cert: readFileSync(path.join(dataDir, 'pki', 'financroo', 'client.pem')),
        key: readFileSync(path.join(dataDir, 'pki', 'financroo', 'client-key.pem')),
      };
      for (let i = 0; i < 10; i++) {
        expect((await get(`https://localhost:${ports.AUTH_SERVER_PORT}/health`, { ca, agent: false })).status).toBe(
          200,
        );
        const mtls = await get(`https://localhost:${ports.AUTH_SERVER_MTLS_PORT}/health`, {
          ca,
          agent: false,
          ...clientCert,
        });
        expect(mtls.status).toBe(200);
      }

      const before = logLines().length;
      process.kill(pids[1]!, 'SIGKILL');
      const [, replacement] = await logged(new RegExp(`worker (\\d+) ready \\(replaces ${pids[1]}\\)`), before);
      pids.push(Number(replacement));
      expect(alive(pids[1]!)).toBe(false);
      expect(alive(pids[2]!)).toBe(true);
      expect(sandbox.child.exitCode).toBeNull();
      for (let i = 0; i < 4; i++) {
        expect((await get(`https://localhost:${ports.AUTH_SERVER_PORT}/health`, { ca, agent: false })).status).toBe(
          200,
        );
      }
    } finally {
      sandbox.child.kill('SIGINT');
    }
    expect(await sandbox.exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(path.join(dataDir, 'sandbox.lock'))).toBe(false);
  });

  it('runs consent-admin as worker processes (CONSENT_ADMIN_WORKERS): each serves the storage API and both ports, Ctrl-C stops them all', async () => {
    const logFile = path.join(dataDir, 'logs', 'consent-admin.log');
    const logLines = (): string[] => (existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n') : []);
    const since = logLines().length;
    const sandbox = start({ ...env, AUTH_SERVER_WORKERS: '1', CONSENT_ADMIN_WORKERS: '2' }, [
      'auth-server',
      'consent-admin',
    ]);
    const pids: number[] = [];
    try {
      await waitFor(sandbox, 'Open Finance Sandbox is up');
      const [, a, b] = await loggedIn(
        logLines,
        logFile,
        /consent-admin: 2 worker processes \(pids (\d+), (\d+)\)/,
        since,
      );
      pids.push(Number(a), Number(b));
      expect(pids.every(alive)).toBe(true);
      const ca = readFileSync(path.join(dataDir, 'pki', 'ca.pem'));
      // Go Bank's client: a manage_consents token bound to its certificate (RFC 8705), as go-bank calls the API.
      const goBank = {
        ca,
        cert: readFileSync(path.join(dataDir, 'pki', 'go-bank', 'client.pem')),
        key: readFileSync(path.join(dataDir, 'pki', 'go-bank', 'client-key.pem')),
      };
      const discovery = JSON.parse(
        (
          await get(`https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/gobank/.well-known/openid-configuration`, {
            ca,
          })
        ).body,
      ) as { mtls_endpoint_aliases: { token_endpoint: string } };
      const token = await send(discovery.mtls_endpoint_aliases.token_endpoint, goBank, {
        method: 'POST',
        form: { grant_type: 'client_credentials', client_id: 'gobank-bank', scope: 'manage_consents' },
      });
      expect(token.status).toBe(200);
      const authorization = `Bearer ${(token.json as { access_token: string }).access_token}`;
      const api = `https://localhost:${ports.CONSENT_ADMIN_PORT}/api/consents`;
      const created = await send(api, goBank, {
        method: 'POST',
        headers: { authorization },
        json: {
          subject: 'user',
          client_id: 'workers-tpp',
          client_name: 'Workers TPP',
          granted_scopes: ['accounts'],
          account_ids: ['1000001'],
        },
      });
      expect(created.status).toBe(201);
      const id = (created.json as { id: string }).id;
      // New connections are spread over the workers: every one reads the consent, and serves both ports.
      for (let i = 0; i < 10; i++) {
        const read = await send(`${api}/${id}`, goBank, { headers: { authorization } });
        expect([read.status, (read.json as { status: string }).status]).toEqual([200, 'authorized']);
        for (const port of [ports.CONSENT_ADMIN_PORT, ports.CONSENT_PORTAL_PORT]) {
          expect((await get(`https://localhost:${port}/health`, { ca, agent: false })).status).toBe(200);
        }
      }
      // A revocation through one worker is what every worker reads next.
      const revoked = await send(`${api}/${id}/revoke`, goBank, {
        method: 'POST',
        headers: { authorization },
        json: {},
      });
      expect(revoked.status).toBe(200);
      for (let i = 0; i < 4; i++) {
        const read = await send(`${api}/${id}`, goBank, { headers: { authorization } });
        expect([read.status, (read.json as { status: string }).status]).toEqual([200, 'revoked']);
      }
    } finally {
      sandbox.child.kill('SIGINT');
    }
    expect(await sandbox.exited).toBe(0);
    expect(pids.filter(alive)).toEqual([]);
  });

  it('stops with one clear line naming a malformed setting', async () => {
    const bad = start({ ...env, AUTH_SERVER_PORT: '84x3' });
    expect(await bad.exited).toBe(1);
    expect(bad.output().trim()).toBe(
      'sandbox: invalid configuration: AUTH_SERVER_PORT must be a port number 1-65535 (got "84x3")',
    );
  });

  it('stops with a clear error, and without the password, when DATABASE_URL is unreachable', async () => {
    const closed = await freePort();
    const bad = start({ ...env, DATABASE_URL: `postgres://someone:s3cret@127.0.0.1:${closed}/nowhere` });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain(`database unreachable at 127.0.0.1:${closed}`);
    expect(bad.output()).not.toContain('s3cret');
  });
});
