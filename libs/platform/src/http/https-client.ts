import * as https from 'node:https';

/** Whom an outgoing HTTPS client trusts (the sandbox CA) and, for mutual TLS, the certificate it presents. */
export interface ClientTls {
  /** PEM of the CA(s) the server certificate must chain to. */
  ca: string;
  /** PEM client certificate and key, offered in every handshake (RFC 8705 §2 client authentication and binding). */
  cert?: string;
  key?: string;
}

export interface HttpsRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  /** Sent as application/json. */
  json?: unknown;
  /**
   * The request may be sent twice (a read, an introspection): it is, once, when a kept-alive connection turns
   * out to have been closed by the server. GET, HEAD, PUT, DELETE and OPTIONS are so by definition (RFC 9110 §9.2.2).
   */
  idempotent?: boolean;
}

export interface HttpsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the answer is JSON (`application/json` or `…+json`), else undefined. */
  body: unknown;
  text: string;
}

/** The fetch signature: openid-client's `customFetch` hook, Financroo's calls to the banks. */
export type FetchLike = (url: string, options?: RequestInit & { signal?: AbortSignal | null }) => Promise<Response>;

export interface HttpsClientOptions {
  /** Give up on a request after this long (default 10 s). */
  timeoutMs?: number;
  /** Connections kept to one origin at most (default 32). */
  maxSockets?: number;
}

/** The request never got an HTTP answer: connection refused, TLS failure, timeout. */
export class HttpsClientError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`${url}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'HttpsClientError';
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * How long an idle kept-alive connection is kept. Node's agent honours the server's `Keep-Alive: timeout=N` hint
 * (less a second) only when it has a timeout of its own; without one an idle connection stays open for ever, and
 * the first request after the server closed it (Node servers: 5 s) fails.
 */
const IDLE_CONNECTION_MS = 4_000;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** A kept-alive connection the server had closed: the request never reached it. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** One request on the wire. */
interface Exchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal | null;
}

/** Its answer, as received. */
interface Received {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

/**
 * Calls to another app over HTTPS with keep-alive connections, trusting only the given CA and presenting the
 * given client certificate — the one outgoing HTTPS client of the sandbox's apps: `request` for their own calls
 * (introspection, the consent store, system APIs), `fetch` behind the fetch signature for openid-client's
 * `customFetch` hook (Node's own fetch can neither present a client certificate nor trust only a given CA).
 * Answers are returned whatever their status; only transport failures throw. A request that may be sent twice is,
 * once, when a kept-alive connection turns out to have been closed by the server.
 */
export class HttpsClient {
  private readonly agent: https.Agent;
  private readonly timeoutMs: number;

  constructor(tls: ClientTls, options: HttpsClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 32,
      timeout: IDLE_CONNECTION_MS,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
    });
  }

  async request(req: HttpsRequest): Promise<HttpsResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.form !== undefined) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    }
    const received = await this.exchangeOnce(
      { method: req.method, url: req.url, headers, body },
      req.idempotent ?? IDEMPOTENT.has(req.method.toUpperCase()),
    );
    const text = received.bytes.toString('utf8');
    const type = String(received.headers['content-type'] ?? '');
    let parsed: unknown;
    if (/^application\/([a-z.+-]+\+)?json/i.test(type) && text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new HttpsClientError(req.url, e);
      }
    }
    return { status: received.status, headers: received.headers, body: parsed, text };
  }

  /** The same connections behind the fetch signature (a GET is the request sent twice, as above). */
  readonly fetch: FetchLike = async (url, options = {}) => {
    const method = options.method ?? 'GET';
    const received = await this.exchangeOnce(
      {
        method,
        url,
        headers: Object.fromEntries(new Headers(options.headers).entries()),
        body: options.body === undefined || options.body === null ? undefined : bodyText(options.body),
        // A deadline for the whole exchange (the socket's inactivity timeout alone lets a trickling answer run on).
        signal: options.signal
          ? AbortSignal.any([options.signal, AbortSignal.timeout(this.timeoutMs)])
          : AbortSignal.timeout(this.timeoutMs),
      },
      method.toUpperCase() === 'GET',
    );
    const headers = new Headers();
    for (const [name, value] of Object.entries(received.headers)) {
      for (const v of [value].flat()) if (v !== undefined) headers.append(name, v);
    }
    const empty = received.status === 204 || received.status === 304;
    return new Response(empty ? null : received.bytes, { status: received.status, headers });
  };

  /** Closes the idle keep-alive connections (at shutdown). */
  close(): void {
    this.agent.destroy();
  }

  private async exchangeOnce(exchange: Exchange, repeatable: boolean): Promise<Received> {
    try {
      return await this.send(exchange);
    } catch (e) {
      if (!(e instanceof StaleConnectionError)) throw e;
      if (!repeatable) throw new HttpsClientError(exchange.url, e.cause);
      try {
        return await this.send(exchange);
      } catch (again) {
        throw again instanceof StaleConnectionError ? new HttpsClientError(exchange.url, again.cause) : again;
      }
    }
  }

  private send({ method, url, headers, body, signal }: Exchange): Promise<Received> {
    if (body !== undefined) headers = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const outgoing = https.request(
        url,
        { method, headers, agent: this.agent, timeout: this.timeoutMs, signal: signal ?? undefined },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
          );
          res.on('error', (e) => reject(new HttpsClientError(url, e)));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(timeoutError(this.timeoutMs)));
      outgoing.on('error', (e: NodeJS.ErrnoException) =>
        reject(
          outgoing.reusedSocket && STALE_CONNECTION.has(e.code ?? '')
            ? new StaleConnectionError(e)
            : new HttpsClientError(url, e),
        ),
      );
      outgoing.end(body);
    });
  }
}

/** Named as the DOM's timeout (`AbortSignal.timeout`), so that callers tell it from a refused connection. */
function timeoutError(ms: number): Error {
  const e = new Error(`no answer within ${ms} ms`);
  e.name = 'TimeoutError';
  return e;
}

function bodyText(body: unknown): string {
  if (body instanceof URLSearchParams) return body.toString();
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new TypeError('unsupported request body');
}

/** The request failed on a reused connection the server had closed (see {@link HttpsClient}). */
class StaleConnectionError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}
