import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ensureStandardSandboxPki } from '@ofs/pki';
import { HttpsClient, HttpsClientError } from './https-client';

/**
 * A kept-alive connection the server has closed (Node servers close idle ones after 5 s): the next request on it
 * fails before any answer. A question (GET, an introspection) is asked again on a new connection; anything else
 * fails, for it may not be repeated.
 */
describe('HttpsClient on a kept-alive connection the server closed', () => {
  let server: https.Server;
  let base: string;
  let ca: string;
  let http: HttpsClient;
  /** Requests seen per connection; the second one on a connection is dropped, as a closing server does. */
  const seen = new Map<Socket, number>();
  let requests: string[];

  beforeAll(async () => {
    const pki = await ensureStandardSandboxPki(process.env.OFS_TEST_PKI_DIR!);
    const tls = pki.servers['auth-server']!;
    server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      req.resume();
      req.on('end', () => {
        const count = (seen.get(req.socket) ?? 0) + 1;
        seen.set(req.socket, count);
        requests.push(`${req.method} #${count}`);
        if (count > 1) return req.socket.destroy();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `https://localhost:${(server.address() as AddressInfo).port}`;
    ca = pki.ca;
  });
  beforeEach(() => {
    requests = [];
    http = new HttpsClient({ ca });
  });
  afterEach(() => http.close());
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('asks a GET, or a request marked idempotent, once more on a new connection', async () => {
    expect((await http.request({ method: 'GET', url: `${base}/a` })).status).toBe(200);
    expect((await http.request({ method: 'GET', url: `${base}/a` })).body).toEqual({ ok: true });
    expect(
      (await http.request({ method: 'POST', url: `${base}/introspect`, form: { token: 't' }, idempotent: true }))
        .status,
    ).toBe(200);
    expect(requests).toEqual(['GET #1', 'GET #2', 'GET #1', 'POST #2', 'POST #1']);
  });

  it('does not send a POST twice: it fails as a transport error', async () => {
    expect((await http.request({ method: 'GET', url: `${base}/a` })).status).toBe(200);
    await expect(http.request({ method: 'POST', url: `${base}/consents`, json: {} })).rejects.toBeInstanceOf(
      HttpsClientError,
    );
    expect(requests).toEqual(['GET #1', 'POST #2']);
  });

  it('fetch: the same rule behind the fetch signature (a GET is asked again, a POST is not)', async () => {
    expect((await http.fetch(`${base}/a`)).status).toBe(200);
    expect(await (await http.fetch(`${base}/a`)).json()).toEqual({ ok: true });
    await expect(
      http.fetch(`${base}/par`, { method: 'POST', body: new URLSearchParams({ a: '1' }) }),
    ).rejects.toBeInstanceOf(HttpsClientError);
    expect(requests).toEqual(['GET #1', 'GET #2', 'GET #1', 'POST #2']);
  });
});

describe('HttpsClient timeouts', () => {
  it('gives up on a server that does not answer, with a TimeoutError as the cause', async () => {
    const pki = await ensureStandardSandboxPki(process.env.OFS_TEST_PKI_DIR!);
    const tls = pki.servers['auth-server']!;
    const silent = https.createServer({ key: tls.key, cert: tls.cert }, () => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const http = new HttpsClient({ ca: pki.ca }, { timeoutMs: 200 });
    try {
      const url = `https://localhost:${(silent.address() as AddressInfo).port}/slow`;
      const failure = await http.request({ method: 'GET', url }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(HttpsClientError);
      expect(((failure as Error).cause as Error).name).toBe('TimeoutError');
      // fetch has a deadline for the whole exchange as well.
      const fetched = await http.fetch(url).catch((e: unknown) => e);
      expect(fetched).toBeInstanceOf(HttpsClientError);
      expect(['TimeoutError', 'AbortError']).toContain(((fetched as Error).cause as Error).name);
    } finally {
      http.close();
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
