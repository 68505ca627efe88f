import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT, type PortSetting, startScratchSandbox, type ScratchSandbox } from './support/sandbox-process';
import { useBuiltInConsentPage } from './support/sandbox-admin';
import { SANDBOX_PKI_LAYOUT } from '@ofs/pki';

/*
 * Issue 3, "Done when": a strict client (openid-client, no relaxed settings) registers by DCR, pushes a request,
 * logs in through the real pages, gets DPoP-bound tokens, introspects and revokes them — against the
 * authorization server started exactly as `npm start` starts it (compiled, HTTPS with the sandbox CA, PostgreSQL).
 */
jest.setTimeout(180_000);

describe('a strict client against the sandbox as npm start runs it', () => {
  let dataDir: string;
  let ports: Record<PortSetting, number>;
  let sandbox: ScratchSandbox;

  beforeAll(async () => {
    sandbox = await startScratchSandbox('strict', { apps: ['auth-server'] });
    ({ dataDir, ports } = sandbox);
    // These tests are about the authorization server alone: its built-in consent page, not the banks' own.
    for (const server of ['gobank', 'hyperscalebank'])
      await useBuiltInConsentPage(dataDir, ports.AUTH_SERVER_MTLS_PORT, server);
  });

  afterAll(async () => {
    await sandbox?.stop();
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

  /*
   * Issue 7, "Done when": FAPI 2.0 Message Signing with rich authorization — DCR, PAR with a signed request
   * object (PAR-21) and account_information details (PAR-23), login, built-in consent in words, a JARM response
   * (AUTHZ-17), the code exchange and a sender-constrained token whose introspection shows the granted details
   * (TOKEN-28, INTRO-01): once over mutual TLS (tls_client_auth, certificate-bound, TOKEN-03/13), once with
   * private_key_jwt and DPoP.
   */
  it.each([
    ['mtls', 'tls_client_auth', 'bearer', 'x5t#S256', 'Bearer'],
    ['dpop', 'private_key_jwt', 'dpop', 'jkt', 'DPoP'],
  ])(
    'openid-client completes signed request → JARM → RAR at gobank over %s (%s)',
    (mode, authMethod, tokenType, cnfMember, introspectedType) => {
      const issuer = `https://localhost:${ports.AUTH_SERVER_PORT}/obgeneric/gobank`;
      const pki = path.join(dataDir, 'pki');
      const run = spawnSync(
        process.execPath,
        [path.join(ROOT, 'test', 'strict-client', 'fapi-message-signing-client.mjs'), issuer, mode],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            NODE_EXTRA_CA_CERTS: path.join(pki, 'ca.pem'),
            CLIENT_CERT_FILE: path.join(pki, 'financroo', 'client.pem'),
            CLIENT_KEY_FILE: path.join(pki, 'financroo', 'client-key.pem'),
            CLIENT_CERT_DN: SANDBOX_PKI_LAYOUT.clients.find((c) => c.name === 'financroo')!.subject,
          },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const seen = JSON.parse(run.stdout) as Record<string, unknown>;
      const granted = [
        {
          type: 'account_information',
          accounts: ['1000001', '96534987'],
          permissions: ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsDetail'],
        },
      ];
      expect(seen).toMatchObject({
        token_endpoint_auth_method: authMethod,
        consent_page_in_words: true,
        callback_parameters: ['response'],
        token_type: tokenType,
        authorization_details: granted,
        id_token: { iss: issuer, sub: 'user', aud: seen.client_id, nonce_ok: true },
        introspection: {
          active: true,
          client_id: seen.client_id,
          token_type: introspectedType,
          cnf: { [cnfMember]: expect.any(String) },
          authorization_details: granted,
        },
      });
    },
  );
});
