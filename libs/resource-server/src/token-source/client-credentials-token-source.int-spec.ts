import { HttpsClient } from '@ofs/platform';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ensureStandardSandboxPki, type SandboxPki } from '@ofs/pki';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { DpopProofSigner } from '../dpop/dpop-proof-signer';
import { ClientCredentialsTokenSource, TokenSourceError } from './client-credentials-token-source';

type Answer = { status: number; body: object; headers?: Record<string, string> };

/** A token endpoint on loopback HTTPS (sandbox test PKI) that records what it got and answers from a script. */
describe('ClientCredentialsTokenSource (RFC 6749 §4.4 over mutual TLS, RFC 9449 §8 nonces)', () => {
  let pki: SandboxPki;
  let server: https.Server;
  let endpoint: string;
  let answers: Answer[];
  let received: Array<{ form: URLSearchParams; dpop?: string; certificate: boolean }>;
  let http: HttpsClient;

  beforeAll(async () => {
    pki = await ensureStandardSandboxPki(process.env.OFS_TEST_PKI_DIR!);
    const tls = pki.servers['auth-server']!;
    server = https.createServer(
      { key: tls.key, cert: tls.cert, ca: pki.ca, requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          const socket = req.socket as import('node:tls').TLSSocket;
          received.push({
            form: new URLSearchParams(body),
            dpop: req.headers.dpop as string | undefined,
            certificate: Boolean(socket.getPeerCertificate()?.raw),
          });
          const answer = answers.shift() ?? { status: 500, body: { error: 'server_error' } };
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(JSON.stringify(answer.body));
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `https://localhost:${(server.address() as AddressInfo).port}/obgeneric/gobank/oauth2/token`;
    const goBank = pki.clients['go-bank']!;
    http = new HttpsClient({ ca: pki.ca, cert: goBank.cert, key: goBank.key });
  });
  beforeEach(() => {
    answers = [];
    received = [];
  });
  afterAll(async () => {
    http?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const issued = (token: string, type = 'Bearer', expiresIn = 600): Answer => ({
    status: 200,
    body: { access_token: token, token_type: type, expires_in: expiresIn },
  });

  it('asks once for concurrent callers, with tls_client_auth (client_id and the certificate), and reuses the token', async () => {
    let now = new Date('2026-12-01T10:00:00Z');
    const source = new ClientCredentialsTokenSource({
      tokenEndpoint: endpoint,
      clientId: 'gobank-bank',
      scope: 'manage_consents',
      http,
      now: () => now,
    });
    answers.push(issued('first'), issued('second'));
    expect(await Promise.all([source.accessToken(), source.accessToken()])).toEqual(['first', 'first']);
    expect(received).toHaveLength(1);
    expect(Object.fromEntries(received[0]!.form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'gobank-bank',
      scope: 'manage_consents',
    });
    expect(received[0]!.certificate).toBe(true);
    // Renewed 30 s before it expires (600 s).
    now = new Date(now.getTime() + 569_000);
    expect(await source.accessToken()).toBe('first');
    now = new Date(now.getTime() + 1_000);
    expect(await source.accessToken()).toBe('second');
    expect(received).toHaveLength(2);
  });

  it('after invalidate (a 401 at the resource server) asks again', async () => {
    const source = new ClientCredentialsTokenSource({ tokenEndpoint: endpoint, clientId: 'gobank-bank', http });
    answers.push(issued('one'), issued('two'));
    expect(await source.accessToken()).toBe('one');
    source.invalidate('not-the-current-one');
    expect(await source.accessToken()).toBe('one');
    source.invalidate('one');
    expect(await source.accessToken()).toBe('two');
  });

  it('a refusal, or a token not bound as asked, is a TokenSourceError', async () => {
    const source = new ClientCredentialsTokenSource({ tokenEndpoint: endpoint, clientId: 'gobank-bank', http });
    answers.push({ status: 401, body: { error: 'invalid_client' } });
    await expect(source.accessToken()).rejects.toMatchObject({ name: 'TokenSourceError', status: 401 });
    answers.push(issued('dpop-one', 'DPoP'));
    await expect(source.accessToken()).rejects.toBeInstanceOf(TokenSourceError);
  });

  it('with a DPoP key: a proof for the token endpoint, once more with the nonce the server asks for', async () => {
    const dpop = await DpopProofSigner.generate();
    const source = new ClientCredentialsTokenSource({ tokenEndpoint: endpoint, clientId: 'gobank-bank', http, dpop });
    answers.push(
      { status: 400, body: { error: 'use_dpop_nonce' }, headers: { 'DPoP-Nonce': 'n-1' } },
      issued('bound', 'DPoP'),
    );
    expect(await source.accessToken()).toBe('bound');
    expect(received).toHaveLength(2);
    const [first, second] = received.map((r) => r.dpop!);
    expect(decodeProtectedHeader(first!)).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
    expect(decodeJwt(first!)).toMatchObject({ htm: 'POST', htu: endpoint });
    expect(decodeJwt(first!).nonce).toBeUndefined();
    expect(decodeJwt(second!)).toMatchObject({ htm: 'POST', htu: endpoint, nonce: 'n-1' });
    expect(decodeJwt(second!).jti).not.toBe(decodeJwt(first!).jti);
  });
});
