import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { ensureStandardSandboxPki, type SandboxPki } from '@ofs/pki';
import { HttpsClient } from './https-client';

// HttpsClient.fetch, openid-client's customFetch in Financroo and consent-admin's sign-ins: the sandbox CA only, the
// client certificate for mutual TLS, and kept-alive connections (one TLS handshake per connection, not per request).
describe('HttpsClient.fetch', () => {
  let dir: string;
  let pki: SandboxPki;
  let server: https.Server;
  let base: string;
  let handshakes = 0;
  const peers: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-https-fetch-'));
    pki = await ensureStandardSandboxPki(dir);
    const { cert, key } = pki.servers['auth-server']!;
    server = https.createServer({ cert, key, ca: pki.ca, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      peers.push((peer.subject?.CN as string | undefined) ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, path: req.url }));
    });
    server.on('secureConnection', () => handshakes++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://localhost:${(server.address() as AddressInfo).port}`;
  }, 30_000);
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const clients: HttpsClient[] = [];
  const httpsFetch = (tls: { ca: string; cert?: string; key?: string }) => {
    const http = new HttpsClient(tls);
    clients.push(http);
    return http.fetch;
  };
  beforeEach(() => {
    handshakes = 0;
    peers.length = 0;
  });
  afterEach(() => clients.splice(0).forEach((http) => http.close()));

  it('reuses one kept-alive connection for requests in a row, and presents the client certificate', async () => {
    const { cert, key } = pki.clients['financroo']!;
    const fetch = httpsFetch({ ca: pki.ca, cert, key });
    for (const step of ['a', 'b', 'c']) {
      const res = await fetch(`${base}/${step}`, { method: step === 'b' ? 'POST' : 'GET', body: 'x=1' });
      expect(await res.json()).toEqual({ method: step === 'b' ? 'POST' : 'GET', path: `/${step}` });
    }
    expect(handshakes).toBe(1);
    expect(peers).toEqual(['financroo', 'financroo', 'financroo']);
  });

  it('a GET on a connection the server has just closed is sent again on a new one', async () => {
    const fetch = httpsFetch({ ca: pki.ca });
    expect((await fetch(`${base}/first`)).status).toBe(200);
    // The server drops its idle connections (as at its keep-alive timeout), unbeknown to the client's agent.
    server.closeIdleConnections();
    const res = await fetch(`${base}/second`);
    expect(await res.json()).toEqual({ method: 'GET', path: '/second' });
    expect(handshakes).toBe(2);
  });

  it('trusts the sandbox CA only', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-https-fetch-other-'));
    try {
      const otherPki = await ensureStandardSandboxPki(other);
      await expect(httpsFetch({ ca: otherPki.ca })(`${base}/x`)).rejects.toThrow(/certificate/);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  }, 30_000);
});
