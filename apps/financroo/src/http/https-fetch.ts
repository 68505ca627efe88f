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
 * fetch over node:https with the sandbox CA and, for mutual TLS, Financroo's client certificate: Node's own
 * fetch has neither option. openid-client documents `customFetch` as the hook for exactly this.
 */
export function httpsFetch({ ca, cert, key, timeoutMs = 10_000 }: HttpsFetchOptions): FetchLike {
  return (url, options = {}) =>
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
      const req = https.request(
        url,
        { method: options.method ?? 'GET', headers, ca, cert, key, agent: false, signal },
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
      req.on('error', reject);
      req.end(body);
    });
}
