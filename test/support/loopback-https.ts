import * as https from 'node:https';
import { freePort } from '../../scripts/free-port';

/** A client certificate and its key (PEM), offered in the TLS handshake (RFC 8705 client authentication). */
export interface ClientCertificate {
  cert: string;
  key: string;
}

/** One request of an e2e test to an app listening on loopback over real TLS. */
export interface LoopbackCall {
  method?: string;
  /** An absolute https URL on localhost: sent to 127.0.0.1 with SNI and name check `localhost`. */
  url: string;
  headers?: Record<string, string>;
  /** application/x-www-form-urlencoded; pairs may repeat a name. */
  form?: Record<string, string> | Array<[string, string]>;
  /** application/json. */
  json?: unknown;
  cookie?: string;
  /** The client certificate offered in the handshake; none when absent. */
  certificate?: ClientCertificate;
}

export interface LoopbackAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the answer is JSON (`application/json` or `…+json`) and not empty, else `{}`. */
  body: Record<string, unknown> & { error?: string };
  text: string;
}

/**
 * Sends one request over a fresh connection (no socket or TLS session carries one test's certificate to the
 * next), trusting only `ca`; the answer is returned whatever its status.
 */
export function loopbackRequest(ca: string, call: LoopbackCall): Promise<LoopbackAnswer> {
  const url = new URL(call.url);
  const headers: Record<string, string> = { ...call.headers };
  let body: string | undefined;
  if (call.form) {
    body = new URLSearchParams(call.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (call.json !== undefined) {
    body = JSON.stringify(call.json);
    headers['content-type'] = 'application/json';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  if (call.cookie) headers.cookie = call.cookie;
  return new Promise((resolve, reject) => {
    const outgoing = https.request(
      {
        host: '127.0.0.1',
        port: Number(url.port),
        servername: url.hostname,
        ca,
        cert: call.certificate?.cert,
        key: call.certificate?.key,
        agent: false,
        method: call.method ?? (body === undefined ? 'GET' : 'POST'),
        path: url.pathname + url.search,
        headers,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const json = /^application\/([a-z.+-]+\+)?json/.test(res.headers['content-type'] ?? '');
          try {
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: json && text !== '' ? JSON.parse(text) : {},
              text,
            });
          } catch (e) {
            reject(e);
          }
        });
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** `count` different ports free on loopback right now. */
export async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Listens on 127.0.0.1:`port`; rejects if the port is taken. */
export function listenOnLoopback(server: https.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/** Stops listening and drops open connections (kept-alive ones included); a closed server is left alone. */
export function closeServer(server: https.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
