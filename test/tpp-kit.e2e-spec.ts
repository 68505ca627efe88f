import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SignJWT } from 'jose';
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
import { sandboxRequest } from './support/sandbox-https';

/*
 * Issue 12: `npm run tpp -- new <name>` gives a TPP developer a key pair, a sandbox client certificate and the
 * registration requests; the printed commands, run as printed, register clients that the server then accepts at
 * PAR with the kit's key (private_key_jwt) and certificate (tls_client_auth over mutual TLS).
 */
jest.setTimeout(180_000);

describe("the TPP developer's kit", () => {
  let dataDir: string;
  let ports: Record<PortSetting, number>;
  let sandbox: SandboxProcess;
  let env: NodeJS.ProcessEnv;
  let printed: string;

  beforeAll(async () => {
    buildIfNeeded();
    dataDir = mkdtempSync(path.join(tmpdir(), 'ofs-tpp-'));
    ports = await freePorts();
    env = sandboxEnv(dataDir, ports);
    sandbox = startSandbox(env, ['auth-server']);
    await waitForOutput(sandbox, 'Open Finance Sandbox is up');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'scripts', 'tpp.js'), 'new', 'acme-pay'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    printed = run.stdout;
  });

  afterAll(async () => {
    sandbox?.child.kill('SIGINT');
    await sandbox?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The numbered registration command, exactly as printed (a shell command spanning lines). */
  function command(step: '1' | '2'): string {
    const block = printed.split(`\n${step}. `)[1]!.split('\n\n')[1]!;
    expect(block).toMatch(/^curl /);
    return block;
  }

  const ca = () => readFileSync(path.join(dataDir, 'pki', 'ca.pem'));
  const kit = () => path.join(dataDir, 'tpp', 'acme-pay');
  const cert = () => path.join(dataDir, 'pki', 'tpp-acme-pay');

  function par(clientId: string, extra: Record<string, string>) {
    const verifier = randomBytes(32).toString('base64url');
    return new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: 'https://localhost:9443/callback',
      scope: 'openid accounts',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      ...extra,
    }).toString();
  }

  it('prints the issuers, and its private_key_jwt registration works as printed; the key authenticates at PAR', async () => {
    expect(printed).toContain(`https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/gobank`);
    expect(printed).toContain(`https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/hyperscalebank`);
    const registered = spawnSync('sh', ['-c', command('1')], { cwd: ROOT, encoding: 'utf8' });
    const client = JSON.parse(registered.stdout) as { client_id: string; token_endpoint_auth_method: string };
    expect(client.token_endpoint_auth_method).toBe('private_key_jwt');

    const issuer = `https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/gobank`;
    const jwks = JSON.parse(readFileSync(path.join(kit(), 'jwks.json'), 'utf8')) as { keys: Array<{ kid: string }> };
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({
      iss: client.client_id,
      sub: client.client_id,
      aud: issuer,
      jti: randomUUID(),
      iat: now,
      exp: now + 60,
    })
      .setProtectedHeader({ alg: 'ES256', kid: jwks.keys[0]!.kid })
      .sign(createPrivateKey(readFileSync(path.join(kit(), 'private-key.pem'))));
    const pushed = await sandboxRequest(`${issuer}/par`, {
      ca: ca(),
      type: 'application/x-www-form-urlencoded',
      body: par(client.client_id, {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        dpop_jkt: randomBytes(32).toString('base64url'),
      }),
    });
    expect([pushed.status, pushed.json.request_uri]).toEqual([
      201,
      expect.stringMatching(/^urn:ietf:params:oauth:request_uri:/),
    ]);
  });

  it('its tls_client_auth registration works as printed; the certificate authenticates at PAR over mutual TLS', async () => {
    const registered = spawnSync('sh', ['-c', command('2')], { cwd: ROOT, encoding: 'utf8' });
    const client = JSON.parse(registered.stdout) as { client_id: string; tls_client_auth_subject_dn: string };
    expect(client.tls_client_auth_subject_dn).toBe('CN=acme-pay,OU=TPP,O=acme-pay,C=GB');
    const pushed = await sandboxRequest(`https://localhost:${ports.AUTH_SERVER_MTLS_PORT}/obgeneric/gobank/par`, {
      ca: ca(),
      cert: readFileSync(path.join(cert(), 'client.pem'), 'utf8'),
      key: readFileSync(path.join(cert(), 'client-key.pem'), 'utf8'),
      type: 'application/x-www-form-urlencoded',
      body: par(client.client_id, {}),
    });
    expect(pushed.status).toBe(201);
  });
});
