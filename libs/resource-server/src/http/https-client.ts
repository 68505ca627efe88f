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
 * Calls to another app over HTTPS with keep-alive connections, trusting only the given CA and presenting the
 * given client certificate. Answers are returned whatever their status; only transport failures throw.
 */
export class HttpsClient {
  private readonly agent: https.Agent;

  constructor(
    tls: ClientTls,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 32, ca: tls.ca, cert: tls.cert, key: tls.key });
  }

  request(req: HttpsRequest): Promise<HttpsResponse> {
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
      outgoing.on('error', (e) => reject(new HttpsClientError(req.url, e)));
      outgoing.end(body);
    });
  }

  /** Closes the idle keep-alive connections (at shutdown). */
  close(): void {
    this.agent.destroy();
  }
}
