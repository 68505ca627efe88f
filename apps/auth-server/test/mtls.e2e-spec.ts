import { createPublicKey, KeyObject, randomBytes } from 'node:crypto';
import * as tls from 'node:tls';
import { getRepositoryToken } from '@nestjs/typeorm';
import { certificateThumbprintSha256, subjectDnOf, type CertificateFiles } from '@ofs/pki';
import { exportJWK, type JWK } from 'jose';
import type { Repository } from 'typeorm';
// The self-signed certificates below are made with the same library, set up the same way, as the sandbox PKI.
import { toX509Name } from '../../../libs/pki/src/distinguished-name';
import { webcrypto, x509 } from '../../../libs/pki/src/x509';
import { sha256 } from '../src/common/hash';
import { TokenEntity } from '../src/token-store/token.entity';
import { TokenStore } from '../src/token-store/token-store.service';
import { ServerRegistry } from '../src/servers/server-registry.service';
import { clientAssertion, createClient, dpopKey, dpopProof, type DpopKey, type TestClient } from './client-fixtures';
import { startMtlsAuthServer, type ClientCertificate, type HttpsResponse, type MtlsHarness } from './mtls-harness';

const TOKEN_PATH = '/obgeneric/gobank/oauth2/token';
const INTROSPECT_PATH = '/obgeneric/gobank/oauth2/introspect';
const USERINFO_PATH = '/obgeneric/gobank/userinfo';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface SelfSigned extends ClientCertificate {
  /** The public key as registered in `jwks` (with `x5c`). */
  jwk: JWK;
}

/** A self-signed ECDSA P-256 client certificate, as a TPP using self_signed_tls_client_auth makes one. */
async function selfSignedCertificate(subject: string): Promise<SelfSigned> {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8)
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: toX509Name(subject),
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const privateKey = KeyObject.from(keys.privateKey);
  const jwk: JWK = {
    ...(await exportJWK(createPublicKey(privateKey))),
    use: 'sig',
    x5c: [Buffer.from(cert.rawData).toString('base64')],
  };
  return { cert: cert.toString('pem'), key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), jwk };
}

// FAPI checklist §3.6 TOKEN-03/04/13, §3.7 INTRO-01, §3.9 UI-02, §3.11 and DISC-13/14, over real TLS: the main
// port and the RFC 8705 mutual-TLS alias, both as run-app.ts listens.
describe('mutual TLS (RFC 8705): client authentication and certificate-bound tokens on the mTLS alias', () => {
  let as: MtlsHarness;
  let financroo: CertificateFiles;
  let goBank: CertificateFiles;
  /** tls_client_auth, registered with the financroo certificate's subject DN. */
  let tpp: TestClient;
  /** The bank's resource server: private_key_jwt, may introspect anyone's tokens. */
  let bank: TestClient;

  beforeAll(async () => {
    as = await startMtlsAuthServer();
    financroo = as.pki.clients.financroo!;
    goBank = as.pki.clients['go-bank']!;
    tpp = await createClient(as.app, {
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_auth_subject_dn: subjectDnOf(financroo.cert),
    });
    bank = await createClient(as.app, { scope: 'introspect_tokens' });
  });
  afterAll(() => as?.close());

  const tokens = () => as.app.get<Repository<TokenEntity>>(getRepositoryToken(TokenEntity));
  const stored = (accessToken: string) => tokens().findOneByOrFail({ tokenHash: sha256(accessToken) });
  const issuedTo = (client: TestClient) => tokens().countBy({ clientId: client.clientId });
  const certOf = (files: CertificateFiles): ClientCertificate => ({ cert: files.cert, key: files.key });
  const aliasTokenUrl = () => `${as.mtlsBase}${TOKEN_PATH}`;
  const mainTokenUrl = () => `${as.publicBase}${TOKEN_PATH}`;

  /** client_credentials with mutual-TLS client authentication: only client_id, the certificate does the rest. */
  const mtlsTokenRequest = (clientId: string, certificate?: ClientCertificate, port: 'main' | 'mtls' = 'mtls') =>
    as.request({
      port,
      path: TOKEN_PATH,
      form: { grant_type: 'client_credentials', client_id: clientId, scope: 'accounts' },
      certificate,
    });

  const assertionForm = async (client: TestClient) => ({
    grant_type: 'client_credentials',
    scope: 'accounts',
    client_assertion_type: JWT_BEARER,
    client_assertion: await clientAssertion(client, as.issuer()),
  });

  /** A server nonce for DPoP proofs (TOKEN-18): the first proof without one is answered with it. */
  async function dpopNonce(client: TestClient): Promise<string> {
    const res = await as.request({
      port: 'main',
      path: TOKEN_PATH,
      form: await assertionForm(client),
      headers: { DPoP: await dpopProof(await dpopKey(), 'POST', mainTokenUrl()) },
    });
    expect(res.body.error).toBe('use_dpop_nonce');
    return res.headers['dpop-nonce'] as string;
  }

  const introspect = async (token: string): Promise<HttpsResponse> =>
    as.request({
      port: 'main',
      path: INTROSPECT_PATH,
      form: { token, client_assertion_type: JWT_BEARER, client_assertion: await clientAssertion(bank, as.issuer()) },
    });

  function expectInvalidClient(res: HttpsResponse): void {
    expect([res.status, res.body.error]).toEqual([401, 'invalid_client']);
    expect(res.headers['cache-control']).toBe('no-store');
  }

  describe('DISC-13/DISC-14 and TLS on both listeners', () => {
    it('DISC-13/DISC-14: mtls_endpoint_aliases are the top-level endpoints on the configured mTLS port, each served there', async () => {
      expect(as.mtlsPort).not.toBe(as.mainPort);
      const { status, body: m } = await as.request({
        port: 'main',
        path: '/obgeneric/gobank/.well-known/openid-configuration',
      });
      expect(status).toBe(200);
      expect(m.issuer).toBe(as.issuer());
      expect(m.tls_client_certificate_bound_access_tokens).toBe(true);
      expect(m.token_endpoint_auth_methods_supported).toEqual(
        expect.arrayContaining(['tls_client_auth', 'self_signed_tls_client_auth']),
      );
      const aliases = m.mtls_endpoint_aliases as Record<string, string>;
      expect(aliases).toEqual(expect.any(Object));
      expect(aliases).not.toHaveProperty('authorization_endpoint');
      expect(Object.keys(aliases)).toEqual(
        expect.arrayContaining(['token_endpoint', 'pushed_authorization_request_endpoint', 'userinfo_endpoint']),
      );
      for (const [name, url] of Object.entries(aliases)) {
        expect(name).toMatch(/_endpoint$/);
        const main = new URL(m[name] as string);
        const alias = new URL(url);
        expect(main.origin).toBe(as.publicBase);
        expect(alias.origin).toBe(`https://localhost:${as.mtlsPort}`);
        expect(alias.pathname).toBe(main.pathname);
        // The mTLS listener serves the alias as the main one serves the endpoint (same route, same answer).
        const onAlias = await as.request({ port: 'mtls', path: alias.pathname, certificate: certOf(financroo) });
        const onMain = await as.request({ port: 'main', path: main.pathname });
        expect([name, onAlias.status, onAlias.body.error]).toEqual([name, onMain.status, onMain.body.error]);
        if (name === 'token_endpoint') expect(onAlias.status).toBe(405);
      }
    });

    const handshake = (port: number, options: tls.ConnectionOptions) =>
      new Promise<tls.TLSSocket>((resolve, reject) => {
        const socket = tls.connect({ host: '127.0.0.1', port, ...options }, () => resolve(socket));
        socket.once('error', reject);
      });

    it.each([
      ['main', 'localhost'],
      ['main', '127.0.0.1'],
      ['mtls', 'localhost'],
      ['mtls', '127.0.0.1'],
    ] as const)('the %s port completes a TLS handshake verified with the sandbox CA as %s', async (port, name) => {
      const p = port === 'main' ? as.mainPort : as.mtlsPort;
      const socket = await handshake(p, { ca: as.pki.ca, servername: name === 'localhost' ? name : undefined });
      try {
        expect(socket.authorized).toBe(true);
        expect(socket.authorizationError).toBeFalsy();
        expect(tls.checkServerIdentity(name, socket.getPeerCertificate())).toBeUndefined();
      } finally {
        socket.destroy();
      }
      // Not trusted without the sandbox CA, nor for another name.
      const stranger = await selfSignedCertificate('CN=Some Other CA');
      await expect(handshake(p, { ca: stranger.cert, servername: 'localhost' })).rejects.toThrow();
      await expect(handshake(p, { ca: as.pki.ca, servername: 'example.com' })).rejects.toThrow(/altnames|localhost/i);
    });

    it.each(['main', 'mtls'] as const)(
      'TLS-01/TLS-02: the %s port negotiates TLS 1.3 and refuses TLS 1.1',
      async (port) => {
        const p = port === 'main' ? as.mainPort : as.mtlsPort;
        const modern = await handshake(p, { ca: as.pki.ca, servername: 'localhost' });
        expect(modern.getProtocol()).toBe('TLSv1.3');
        modern.destroy();
        await expect(
          handshake(p, {
            ca: as.pki.ca,
            servername: 'localhost',
            minVersion: 'TLSv1',
            maxVersion: 'TLSv1.1',
            ciphers: 'DEFAULT@SECLEVEL=0',
          }),
        ).rejects.toThrow(/alert protocol version/);
      },
    );

    it.each(['main', 'mtls'] as const)(
      'TLS-03: on TLS 1.2 the %s port accepts only ECDHE AES-GCM suites',
      async (port) => {
        const p = port === 'main' ? as.mainPort : as.mtlsPort;
        const tls12 = { ca: as.pki.ca, servername: 'localhost', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' } as const;
        const gcm = await handshake(p, { ...tls12, ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
        expect(gcm.getCipher().standardName).toBe('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
        gcm.destroy();
        for (const ciphers of [
          'ECDHE-ECDSA-AES128-SHA256',
          'ECDHE-ECDSA-AES128-SHA',
          'ECDHE-ECDSA-CHACHA20-POLY1305',
        ]) {
          await expect(handshake(p, { ...tls12, ciphers })).rejects.toThrow(/handshake failure|no shared cipher/i);
        }
      },
    );
  });

  describe('TOKEN-13: tls_client_auth and self_signed_tls_client_auth', () => {
    it('TOKEN-13/TOKEN-03: client_id and the registered certificate on the alias → a Bearer token bound to that certificate', async () => {
      const res = await mtlsTokenRequest(tpp.clientId, certOf(financroo));
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['dpop-nonce']).toBeUndefined();
      expect(res.body).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 600,
        scope: 'accounts',
      });
      const token = await stored(res.body.access_token as string);
      expect(token.clientId).toBe(tpp.clientId);
      expect(token.x5tS256).toBe(certificateThumbprintSha256(financroo.cert));
      expect(token.x5tS256).toBe(financroo.fingerprintSha256);
      expect(token.jkt).toBeNull();
    });

    it.each<[string, () => Promise<HttpsResponse>]>([
      ['another CA-issued certificate (go-bank) on the alias', () => mtlsTokenRequest(tpp.clientId, certOf(goBank))],
      ['no certificate on the alias', () => mtlsTokenRequest(tpp.clientId)],
      ['no certificate: the main port', () => mtlsTokenRequest(tpp.clientId, undefined, 'main')],
      [
        'the right certificate offered to the main port (it asks for none)',
        () => mtlsTokenRequest(tpp.clientId, certOf(financroo), 'main'),
      ],
      [
        'a self-signed certificate with the registered subject DN',
        async () => mtlsTokenRequest(tpp.clientId, await selfSignedCertificate(financroo.subject)),
      ],
      ['an unknown client_id with a valid certificate', () => mtlsTokenRequest('nobody', certOf(financroo))],
    ])('TOKEN-13: %s → 401 invalid_client, nothing issued', async (_name, call) => {
      const before = await issuedTo(tpp);
      expectInvalidClient(await call());
      expect(await issuedTo(tpp)).toBe(before);
    });

    it('TOKEN-13: a private_key_jwt client cannot authenticate with client_id and a certificate', async () => {
      const jwtClient = await createClient(as.app);
      expectInvalidClient(await mtlsTokenRequest(jwtClient.clientId, certOf(financroo)));
      expect(await issuedTo(jwtClient)).toBe(0);
    });

    it.each([
      ['spacing and attribute-name case', ' cn = financroo ,  ou=TPP,o = Financroo ,c=GB '],
      ['hex and backslash escapes', 'CN=fin\\61ncroo,OU=\\54PP,O=Financroo,C=GB'],
      ['OID attribute types', '2.5.4.3=financroo,2.5.4.11=TPP,2.5.4.10=Financroo,2.5.4.6=GB'],
    ])('TOKEN-13: a subject DN registered with %s still matches', async (_name, dn) => {
      const client = await createClient(as.app, {
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: dn,
      });
      const res = await mtlsTokenRequest(client.clientId, certOf(financroo));
      expect([res.status, res.body.token_type]).toEqual([200, 'Bearer']);
      expectInvalidClient(await mtlsTokenRequest(client.clientId, certOf(goBank)));
    });

    it('TOKEN-13: self_signed_tls_client_auth: the certificate of a registered JWK is accepted; another is not', async () => {
      const own = await selfSignedCertificate('CN=self-signed-tpp,O=Self Signed TPP,C=GB');
      const other = await selfSignedCertificate('CN=self-signed-tpp,O=Self Signed TPP,C=GB');
      const client = await createClient(as.app, {
        token_endpoint_auth_method: 'self_signed_tls_client_auth',
        jwks: { keys: [own.jwk] },
      });
      const res = await mtlsTokenRequest(client.clientId, own);
      expect([res.status, res.body.token_type]).toEqual([200, 'Bearer']);
      expect((await stored(res.body.access_token as string)).x5tS256).toBe(certificateThumbprintSha256(own.cert));

      expectInvalidClient(await mtlsTokenRequest(client.clientId, other));
      expectInvalidClient(await mtlsTokenRequest(client.clientId, certOf(financroo)));
      expectInvalidClient(await mtlsTokenRequest(client.clientId));
      expect(await issuedTo(client)).toBe(1);
    });
  });

  describe('TOKEN-04: certificate binding and DPoP on the alias', () => {
    it('TOKEN-04/TOKEN-03: private_key_jwt on the alias with a certificate and no DPoP → Bearer bound to the certificate', async () => {
      const client = await createClient(as.app);
      const res = await as.request({
        port: 'mtls',
        path: TOKEN_PATH,
        form: await assertionForm(client),
        certificate: certOf(goBank),
      });
      expect([res.status, res.body.token_type]).toEqual([200, 'Bearer']);
      const token = await stored(res.body.access_token as string);
      expect([token.x5tS256, token.jkt]).toEqual([certificateThumbprintSha256(goBank.cert), null]);
    });

    it.each<[string, 'main' | 'mtls', boolean]>([
      ['the main port (no certificate asked)', 'main', true],
      ['the alias without a certificate', 'mtls', false],
    ])('TOKEN-04: private_key_jwt on %s without DPoP → 400 invalid_request, nothing issued', async (_n, port, cert) => {
      const client = await createClient(as.app);
      const res = await as.request({
        port,
        path: TOKEN_PATH,
        form: await assertionForm(client),
        certificate: cert ? certOf(goBank) : undefined,
      });
      expect([res.status, res.body.error]).toEqual([400, 'invalid_request']);
      expect(await issuedTo(client)).toBe(0);
    });

    it('TOKEN-04: a client registered with dpop_bound_access_tokens gets no certificate-bound token without DPoP', async () => {
      const client = await createClient(as.app, { dpop_bound_access_tokens: true });
      const res = await as.request({
        port: 'mtls',
        path: TOKEN_PATH,
        form: await assertionForm(client),
        certificate: certOf(goBank),
      });
      expect([res.status, res.body.error]).toEqual([400, 'invalid_dpop_proof']);
      expect(await issuedTo(client)).toBe(0);
    });

    it('TOKEN-16: on the alias the DPoP htu is the alias URL; a proof for the main URL is refused there, and vice versa', async () => {
      const client = await createClient(as.app);
      const proofFor = async (key: DpopKey, htu: string) =>
        dpopProof(key, 'POST', htu, { nonce: await dpopNonce(client) });
      const call = async (port: 'main' | 'mtls', htu: string, key: DpopKey, certificate?: ClientCertificate) =>
        as.request({
          port,
          path: TOKEN_PATH,
          form: await assertionForm(client),
          headers: { DPoP: await proofFor(key, htu) },
          certificate,
        });

      const key = await dpopKey();
      const ok = await call('mtls', aliasTokenUrl(), key, certOf(financroo));
      expect([ok.status, ok.body.token_type]).toEqual([200, 'DPoP']);
      expect(ok.headers['dpop-nonce']).toBeTruthy();
      // DPoP wins over the certificate of the connection: one binding per token.
      const token = await stored(ok.body.access_token as string);
      expect([token.jkt, token.x5tS256]).toEqual([key.jkt, null]);

      const before = await issuedTo(client);
      const mainHtuOnAlias = await call('mtls', mainTokenUrl(), await dpopKey());
      expect([mainHtuOnAlias.status, mainHtuOnAlias.body.error]).toEqual([400, 'invalid_dpop_proof']);
      const aliasHtuOnMain = await call('main', aliasTokenUrl(), await dpopKey());
      expect([aliasHtuOnMain.status, aliasHtuOnMain.body.error]).toEqual([400, 'invalid_dpop_proof']);
      expect(await issuedTo(client)).toBe(before);
    });
  });

  describe('INTRO-01 and UI-02: using a certificate-bound token', () => {
    it('INTRO-01/TOKEN-03: the bank introspects an mTLS-bound token → active, Bearer, cnf x5t#S256', async () => {
      const issued = await mtlsTokenRequest(tpp.clientId, certOf(financroo));
      expect(issued.status).toBe(200);
      const res = await introspect(issued.body.access_token as string);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        active: true,
        iss: as.issuer(),
        client_id: tpp.clientId,
        sub: tpp.clientId,
        scope: 'accounts',
        token_type: 'Bearer',
        cnf: { 'x5t#S256': certificateThumbprintSha256(financroo.cert) },
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect((res.body.exp as number) - (res.body.iat as number)).toBe(600);
    });

    it('INTRO-01: the bank may also authenticate with tls_client_auth on the introspection alias', async () => {
      const issued = await mtlsTokenRequest(tpp.clientId, certOf(financroo));
      const rs = await createClient(as.app, {
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: goBank.subject,
        scope: 'introspect_tokens',
      });
      const form = { token: issued.body.access_token as string, client_id: rs.clientId };
      const res = await as.request({ port: 'mtls', path: INTROSPECT_PATH, form, certificate: certOf(goBank) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ active: true, token_type: 'Bearer', client_id: tpp.clientId });
      expect(res.body.cnf).toEqual({ 'x5t#S256': financroo.fingerprintSha256 });
      // Another client's certificate does not authenticate the bank.
      expectInvalidClient(
        await as.request({ port: 'mtls', path: INTROSPECT_PATH, form, certificate: certOf(financroo) }),
      );
    });

    it('UI-02: userinfo on the alias with the bound certificate → 200; without it or with another → 401 invalid_token', async () => {
      const context = await as.app.get(ServerRegistry).resolve('obgeneric', 'gobank');
      const accessToken = await as.app.get(TokenStore).issue({
        kind: 'access_token',
        serverPk: context.entity.id,
        clientId: tpp.clientId,
        subject: 'user',
        scope: 'openid email',
        binding: { tokenType: 'Bearer', x5tS256: certificateThumbprintSha256(financroo.cert) },
        issuedAt: new Date(),
        ttlSeconds: 600,
      });
      const userinfo = (port: 'main' | 'mtls', certificate?: ClientCertificate) =>
        as.request({ port, path: USERINFO_PATH, headers: { Authorization: `Bearer ${accessToken}` }, certificate });

      const ok = await userinfo('mtls', certOf(financroo));
      expect([ok.status, ok.body]).toEqual([200, { sub: 'user', email: 'user@example.com', email_verified: true }]);
      for (const res of [
        await userinfo('main'),
        await userinfo('mtls'),
        await userinfo('mtls', certOf(goBank)),
        await userinfo('mtls', await selfSignedCertificate(financroo.subject)),
      ]) {
        expect([res.status, res.body.error]).toEqual([401, 'invalid_token']);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
      }
    });
  });
});
