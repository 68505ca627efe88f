import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ensureStandardSandboxPki } from '@ofs/pki';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import request from 'supertest';
import { startAuthServer, type AuthServerHarness } from './auth-server-harness';
import { clientAssertion, createClient, dpopKey, withServerNonce, dpopProof, type TestClient } from './client-fixtures';

// Issue 7 (review): keys by reference (RFC 7591 §2 jwks_uri) are fetched within limits, never from internal addresses.
describe('client keys from a jwks_uri (RFC 7591 §2, RFC 9700 §4.16)', () => {
  let as: AuthServerHarness;
  let tpp: Server;
  let tppBase: string;
  /** What the TPP's key server answers, by path. */
  const documents = new Map<string, { status: number; body: string }>();
  const issuer = 'https://localhost:8443/obgeneric/gobank';

  beforeAll(async () => {
    as = await startAuthServer();
    // A TPP developer serving its keys on the same laptop, with a certificate of the sandbox CA.
    const pki = await ensureStandardSandboxPki(process.env.OFS_TEST_PKI_DIR!);
    tpp = createServer({ cert: pki.servers.financroo!.cert, key: pki.servers.financroo!.key }, (req, res) => {
      const doc = documents.get(req.url ?? '') ?? { status: 404, body: '{}' };
      res.writeHead(doc.status, { 'content-type': 'application/json' }).end(doc.body);
    });
    await new Promise<void>((resolve) => tpp.listen(0, '127.0.0.1', resolve));
    tppBase = `https://localhost:${(tpp.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => tpp?.close(resolve));
    await as?.close();
  });

  /** A client whose keys are at `path` of the TPP's server, holding its own public key and `extra` keys. */
  async function clientWithJwksAt(path: string, extra: JWK[] = [], jwksUri = `${tppBase}${path}`) {
    const client = await createClient(as.app, { jwks: undefined, jwks_uri: jwksUri });
    documents.set(path, { status: 200, body: JSON.stringify({ keys: [client.publicJwk, ...extra] }) });
    return client;
  }

  async function grant(client: TestClient, header: Record<string, unknown> = {}) {
    const key = await dpopKey();
    const tokenUrl = `${issuer}/oauth2/token`;
    return withServerNonce(async (nonce) =>
      request(as.app.getHttpServer())
        .post('/obgeneric/gobank/oauth2/token')
        .type('form')
        .set('DPoP', await dpopProof(key, 'POST', tokenUrl, nonce ? { nonce } : {}))
        .send({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(client, issuer, {}, header),
        }),
    );
  }

  async function otherKey(kid?: string): Promise<JWK> {
    const jwk = { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), use: 'sig', alg: 'ES256' };
    return { ...jwk, kid: kid ?? (await calculateJwkThumbprint(jwk)) };
  }

  it('TOKEN-12: an assertion signed with a key from the jwks_uri (served on loopback with a sandbox certificate) → 200', async () => {
    const res = await grant(await clientWithJwksAt('/good'));
    expect([res.status, res.body.token_type]).toEqual([200, 'DPoP']);
  });

  it.each<[string, () => Promise<TestClient>, RegExp]>([
    ['a private address', () => clientWithJwksAt('/x', [], 'https://10.0.0.1/jwks'), /10\.0\.0\.1 is a private/],
    ['a link-local (metadata) address', () => clientWithJwksAt('/x', [], 'https://169.254.169.254/'), /link-local/],
    ['a unique-local IPv6 address', () => clientWithJwksAt('/x', [], 'https://[fd00::1]/jwks'), /fd00::1 is a private/],
    [
      "the sandbox's own port on loopback",
      () => clientWithJwksAt('/x', [], 'https://localhost:8443/obgeneric/gobank/.well-known/jwks.json'),
      /port 8443 on 127\.0\.0\.1 is one of the sandbox's own services/,
    ],
    [
      'a document over 64 KB',
      async () => {
        const client = await createClient(as.app, { jwks: undefined, jwks_uri: `${tppBase}/big` });
        documents.set('/big', {
          status: 200,
          body: JSON.stringify({ keys: [client.publicJwk], pad: 'x'.repeat(70_000) }),
        });
        return client;
      },
      /larger than 64 KB/,
    ],
    [
      'more than 20 keys',
      async () => clientWithJwksAt('/many', await Promise.all(Array.from({ length: 20 }, () => otherKey()))),
      /more than 20 keys/,
    ],
    [
      'a document that is not a JWK Set',
      async () => {
        const client = await createClient(as.app, { jwks: undefined, jwks_uri: `${tppBase}/text` });
        documents.set('/text', { status: 200, body: '<html>' });
        return client;
      },
      /not JSON/,
    ],
    ['an HTTP error', () => createClient(as.app, { jwks: undefined, jwks_uri: `${tppBase}/missing` }), /HTTP 404/],
  ])('a jwks_uri at %s → 401 invalid_client naming why', async (_name, make, why) => {
    const res = await grant(await make());
    expect([res.status, res.body.error]).toEqual([401, 'invalid_client']);
    expect(res.body.error_description).toMatch(why);
  });

  it('a JWT without kid when several keys of the jwks_uri could match → 401 invalid_client', async () => {
    const client = await clientWithJwksAt('/two', [await otherKey()]);
    const res = await grant(client, { kid: undefined });
    expect([res.status, res.body.error]).toEqual([401, 'invalid_client']);
    expect(res.body.error_description).toMatch(/no kid and several keys/);
    const withKid = await grant(client);
    expect(withKid.status).toBe(200);
  });
});
