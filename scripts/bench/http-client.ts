import * as https from 'node:https';
import { createSecureContext } from 'node:tls';
import { performance } from 'node:perf_hooks';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Milliseconds from sending the request to the end of the response body. */
  ms: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  /**
   * A form (sent as application/x-www-form-urlencoded; as pairs when a name repeats, e.g. ticked checkboxes) or a
   * JSON value (sent as application/json).
   */
  form?: Record<string, string> | Array<[string, string]>;
  json?: unknown;
}

/** HTTPS with keep-alive connections (one per concurrent client), trusting the sandbox CA. */
export class HttpClient {
  private readonly agent: https.Agent;
  /** Requests sent so far. */
  sent = 0;
  /** TLS connections opened so far (the rest of the requests reused one). */
  connections = 0;

  /** `cert`/`key`: a client certificate presented on every connection (mutual TLS). */
  constructor(options: { ca?: string[]; maxSockets: number; cert?: string; key?: string }) {
    this.agent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
      // One secure context for every connection: a `ca` option would be folded into the agent's pool key
      // (the whole PEM bundle, stringified) on every single request.
      ...(options.ca || options.cert
        ? { secureContext: createSecureContext({ ca: options.ca, cert: options.cert, key: options.key }) }
        : {}),
    });
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(request.url);
    let body: string | undefined;
    const headers: Record<string, string> = { ...request.headers };
    if (request.form) {
      body = new URLSearchParams(request.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['content-type'] = 'application/json';
    }
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    this.sent++;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          agent: this.agent,
          method: request.method,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
        },
      );
      req.once('socket', () => {
        if (!req.reusedSocket) this.connections++;
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`${request.method} ${url.pathname}: no answer in 30 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The value of a single-valued response header. */
export function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
