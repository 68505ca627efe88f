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

/**
 * Calls to another app over HTTPS with keep-alive connections, trusting only the given CA and presenting the
 * given client certificate. Answers are returned whatever their status; only transport failures throw.
 */
export class HttpsClient {
  private readonly agent: https.Agent;

  constructor(
    tls: ClientTls,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: 32,
      timeout: IDLE_CONNECTION_MS,
      ca: tls.ca,
      cert: tls.cert,
      key: tls.key,
    });
  }

  async request(req: HttpsRequest): Promise<HttpsResponse> {
    try {
      return await this.send(req);
    } catch (e) {
      const retry = e instanceof StaleConnectionError && (req.idempotent ?? IDEMPOTENT.has(req.method.toUpperCase()));
      if (!retry) throw e instanceof StaleConnectionError ? new HttpsClientError(req.url, e.cause) : e;
      try {
        return await this.send(req);
      } catch (again) {
        throw again instanceof StaleConnectionError ? new HttpsClientError(req.url, again.cause) : again;
      }
    }
  }

  private send(req: HttpsRequest): Promise<HttpsResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.form !== undefined) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] = 'application/json';
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const outgoing = https.request(
        req.url,
        { method: req.method, headers, agent: this.agent, timeout: this.timeoutMs },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const type = String(res.headers['content-type'] ?? '');
            let parsed: unknown;
            if (/^application\/([a-z.+-]+\+)?json/i.test(type) && text !== '') {
              try {
                parsed = JSON.parse(text);
              } catch (e) {
                return reject(new HttpsClientError(req.url, e));
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
          });
          res.on('error', (e) => reject(new HttpsClientError(req.url, e)));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      outgoing.on('error', (e: NodeJS.ErrnoException) =>
        reject(
          outgoing.reusedSocket && STALE_CONNECTION.has(e.code ?? '')
            ? new StaleConnectionError(e)
            : new HttpsClientError(req.url, e),
        ),
      );
      outgoing.end(body);
    });
  }

  /** Closes the idle keep-alive connections (at shutdown). */
  close(): void {
    this.agent.destroy();
  }
}

/** The request failed on a reused connection the server had closed (see {@link HttpsClient.request}). */
class StaleConnectionError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}
