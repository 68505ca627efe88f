import * as https from 'node:https';
import type { CustomFetch } from 'openid-client';

/**
 * How long an idle kept-alive connection is kept: below the servers' 5 s keep-alive timeout. Without a timeout of its
 * own, Node's agent keeps idle connections for ever, and the first sign-in after a quiet spell is written to a
 * connection the server has closed.
 */
const IDLE_CONNECTION_MS = 4_000;

/** A keep-alive agent trusting only the sandbox CA and offering consent-admin's client certificate (RFC 8705 §2). */
export function mtlsAgent(tls: { ca: string; cert: string; key: string }): https.Agent {
  return new https.Agent({
    keepAlive: true,
    timeout: IDLE_CONNECTION_MS,
    maxSockets: 8,
    ca: tls.ca,
    cert: tls.cert,
    key: tls.key,
  });
}

/**
 * openid-client's documented hook for mutual TLS (`customFetch`): each request goes through `agent`, so every
 * handshake offers the client certificate (tls_client_auth, certificate-bound tokens). Node's fetch has no option
 * for a client certificate, so this is node:https behind the fetch signature.
 */
export function mtlsFetch(agent: https.Agent, timeoutMs = 10_000): CustomFetch {
  return (url, options) =>
    new Promise<Response>((resolve, reject) => {
      const body = options.body === undefined || options.body === null ? undefined : bodyText(options.body);
      const headers = Object.fromEntries(new Headers(options.headers).entries());
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = https.request(
        url,
        { method: options.method ?? 'GET', headers, agent, signal: options.signal, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const v of [value].flat()) if (v !== undefined) responseHeaders.append(name, v);
            }
            const status = res.statusCode ?? 0;
            const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(payload, { status, headers: responseHeaders }));
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
}

function bodyText(body: unknown): string {
  if (body instanceof URLSearchParams) return body.toString();
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new TypeError('unsupported request body');
}
