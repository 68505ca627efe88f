import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { certificateThumbprintSha256, ensureStandardSandboxPki, subjectDnOf, type SandboxPki } from './index';

interface Seen {
  cn: string;
  dn: string;
  x5t: string;
}

interface Running {
  port: number;
  requests: number;
  close(): Promise<void>;
}

let dir: string;
let otherDir: string;
let pki: SandboxPki;
let otherPki: SandboxPki;
const servers: Running[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-pki-tls-'));
  otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ofs-pki-tls-other-'));
  pki = await ensureStandardSandboxPki(dir);
  otherPki = await ensureStandardSandboxPki(otherDir);
}, 30_000);

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(otherDir, { recursive: true, force: true });
});

/** The auth server's TLS listener as the apps will run it: mutual TLS against the sandbox CA. */
async function startServer(host: string): Promise<Running | undefined> {
  const { cert, key } = pki.servers['auth-server']!;
  const running = { port: 0, requests: 0 } as Running;
  const server = https.createServer(
    { cert, key, ca: pki.ca, requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      running.requests++;
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      const seen: Seen = {
        cn: peer.subject.CN as string,
        dn: subjectDnOf(peer.raw),
        x5t: certificateThumbprintSha256(peer.raw),
      };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(seen));
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
  } catch (err) {
    if (host === '::1') return undefined; // no IPv6 loopback here
    throw err;
  }
  running.port = (server.address() as AddressInfo).port;
  running.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  servers.push(running);
  return running;
}

function get(options: https.RequestOptions): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const req = https.request({ method: 'GET', path: '/', agent: false, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(JSON.parse(body) as Seen) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const asFinancroo = (): https.RequestOptions => ({
  ca: pki.ca,
  cert: pki.clients.financroo!.cert,
  key: pki.clients.financroo!.key,
});

describe('the generated certificates in a real TLS handshake', () => {
  it('let a financroo client in, and the server sees its subject and thumbprint', async () => {
    const server = (await startServer('127.0.0.1'))!;

    const seen = await get({ ...asFinancroo(), host: '127.0.0.1', port: server.port, servername: 'localhost' });

    expect(seen).toEqual({
      cn: 'financroo',
      dn: 'CN=financroo,OU=TPP,O=Financroo,C=GB',
      x5t: pki.clients.financroo!.fingerprintSha256,
    });
  });

  it('verify the server under its docker service name and its 127.0.0.1 IP address', async () => {
    const server = (await startServer('127.0.0.1'))!;

    await expect(
      get({ ...asFinancroo(), host: '127.0.0.1', port: server.port, servername: 'auth-server' }),
    ).resolves.toMatchObject({
      cn: 'financroo',
    });
    // Without servername Node checks the IP address against the IP SANs.
    await expect(get({ ...asFinancroo(), host: '127.0.0.1', port: server.port })).resolves.toMatchObject({
      cn: 'financroo',
    });
  });

  it('verify the server at ::1 when IPv6 loopback is available', async () => {
    const server = await startServer('::1');
    if (!server) return;

    await expect(get({ ...asFinancroo(), host: '::1', port: server.port })).resolves.toMatchObject({ cn: 'financroo' });
  });

  it('make the client refuse a host name the server certificate does not carry', async () => {
    const server = (await startServer('127.0.0.1'))!;

    await expect(
      get({ ...asFinancroo(), host: '127.0.0.1', port: server.port, servername: 'go-bank' }),
    ).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
  });

  it('make the client refuse the server when it trusts another CA', async () => {
    const server = (await startServer('127.0.0.1'))!;

    await expect(
      get({ ...asFinancroo(), ca: otherPki.ca, host: '127.0.0.1', port: server.port, servername: 'localhost' }),
    ).rejects.toThrow();
    expect(server.requests).toBe(0);
  });

  it('make the server reject a client without a certificate', async () => {
    const server = (await startServer('127.0.0.1'))!;

    await expect(get({ ca: pki.ca, host: '127.0.0.1', port: server.port, servername: 'localhost' })).rejects.toThrow();
    expect(server.requests).toBe(0);
  });

  it('make the server reject a client certificate from another CA', async () => {
    const server = (await startServer('127.0.0.1'))!;
    const stranger = otherPki.clients.financroo!;

    await expect(
      get({
        ca: pki.ca,
        cert: stranger.cert,
        key: stranger.key,
        host: '127.0.0.1',
        port: server.port,
        servername: 'localhost',
      }),
    ).rejects.toThrow();
    expect(server.requests).toBe(0);
  });
});
