import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  buildIfNeeded,
  freePorts,
  ROOT,
  sandboxEnv,
  startSandbox,
  waitForOutput,
  type PortSetting,
  type SandboxProcess,
} from './support/sandbox-process';

/*
 * Issue 3, "Done when": a strict client (openid-client, no relaxed settings) registers by DCR, pushes a request,
 * logs in through the real pages, gets DPoP-bound tokens, introspects and revokes them — against the
 * authorization server started exactly as `npm start` starts it (compiled, HTTPS with the sandbox CA, PostgreSQL).
 */
jest.setTimeout(180_000);

describe('a strict client against the sandbox as npm start runs it', () => {
  let dataDir: string;
  let ports: Record<PortSetting, number>;
  let sandbox: SandboxProcess;

  beforeAll(async () => {
    buildIfNeeded();
    dataDir = mkdtempSync(path.join(tmpdir(), 'ofs-strict-'));
    ports = await freePorts();
    sandbox = startSandbox(sandboxEnv(dataDir, ports), ['auth-server']);
    await waitForOutput(sandbox, 'Open Finance Sandbox is up');
  });

  afterAll(async () => {
    sandbox?.child.kill('SIGINT');
    await sandbox?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['gobank', 'hyperscalebank'])('openid-client completes the FAPI 2.0 flow at %s', (server) => {
    const issuer = `https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/${server}`;
    const run = spawnSync(process.execPath, [path.join(ROOT, 'test', 'strict-client', 'fapi-client.mjs'), issuer], {
      cwd: ROOT,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dataDir, 'pki', 'ca.pem') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const seen = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(seen).toMatchObject({
      consent_page_names_client: true,
      callback_iss: issuer,
      token_type: 'dpop',
      scope: 'openid email accounts offline_access',
      id_token: { iss: issuer, sub: 'user', nonce_ok: true },
      userinfo: { sub: 'user', email: 'user@example.com', email_verified: true },
      introspection: { active: true, token_type: 'DPoP', cnf: { jkt: expect.any(String) } },
      refreshed_token_type: 'dpop',
      after_revocation: { active: false },
    });
    expect((seen.id_token as { aud: unknown }).aud).toBe(seen.client_id);
    expect((seen.introspection as { client_id: unknown }).client_id).toBe(seen.client_id);
  });
});
