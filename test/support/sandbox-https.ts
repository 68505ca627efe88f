import { request } from 'node:https';

export interface SandboxResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/** One HTTPS request to a sandbox app, trusting its CA only (and presenting a client certificate if given). */
export function sandboxRequest(
  url: string,
  options: {
    method?: string;
    ca: string | Buffer;
    body?: string;
    type?: string;
    cert?: string;
    key?: string;
    headers?: Record<string, string>;
  },
): Promise<SandboxResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        headers: { ...(options.type ? { 'content-type': options.type } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode!, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
