import * as https from 'node:https';

/** The fetch signature openid-client's `customFetch` hook and the bank data client call. */
export type FetchLike = (url: string, options?: RequestInit & { signal?: AbortSignal | null }) => Promise<Response>;

export interface HttpsFetchOptions {
  /** The trust anchor (the sandbox CA); only it is trusted. */
  ca: string;
  /** A client certificate offered in every handshake (mutual TLS, RFC 8705). */
  cert?: string;
  key?: string;
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
}

/**
 * How long an idle kept-alive connection is kept: below the servers' 5 s keep-alive timeout (Node's agent honours
 * their `Keep-Alive` hint only when it has a timeout of its own), so a request rarely meets a connection the server
 * has just closed; a GET that does is sent once more.
 */
const IDLE_CONNECTION_MS = 4_000;
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * fetch over node:https with the sandbox CA and, for mutual TLS, Financroo's client certificate: Node's own
 * fetch has neither option. openid-client documents `customFetch` as the hook for exactly this. Connections are
 * kept alive and reused (one TLS handshake, with its signatures, per connection rather than per request).
 */
export function httpsFetch({ ca, cert, key, timeoutMs = 10_000 }: HttpsFetchOptions): FetchLike {
  const agent = new https.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS, maxSockets: 32, ca, cert, key });
  const send = (url: string, options: RequestInit & { signal?: AbortSignal | null }): Promise<Response> =>
    new Promise((resolve, reject) => {
      const body =
        options.body === undefined || options.body === null
          ? undefined
          : options.body instanceof URLSearchParams
            ? options.body.toString()
            : String(options.body as string);
      const headers = Object.fromEntries(new Headers(options.headers).entries());
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const signal = options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      const req = https.request(url, { method: options.method ?? 'GET', headers, agent, signal }, (res) => {
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
      });
      req.on('error', (e: NodeJS.ErrnoException) =>
        reject(req.reusedSocket && STALE_CONNECTION.has(e.code ?? '') ? new StaleConnection(e) : e),
      );
      req.end(body);
    });
  return async (url, options = {}) => {
    try {
      return await send(url, options);
    } catch (e) {
      if (!(e instanceof StaleConnection)) throw e;
      // The server closed the kept-alive connection as the request left: a GET never reached it and is sent again.
      if ((options.method ?? 'GET').toUpperCase() !== 'GET') throw e.cause;
      return send(url, options);
    }
  };
}

/** A request written to a reused connection the server had already closed. */
class StaleConnection extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}
