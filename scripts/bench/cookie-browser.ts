import { BenchError } from './bench-error';
import { header, type HttpClient, type HttpResponse } from './http-client';

/**
 * A browser without a screen: cookies kept per origin (the authorization server's, a bank's consent page's, the
 * TPP's), forms posted, redirects followed only when asked.
 */
export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  constructor(private readonly http: HttpClient) {}

  async request(
    method: 'GET' | 'POST',
    url: string,
    form?: Record<string, string> | Array<[string, string]>,
  ): Promise<HttpResponse> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const headers = jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : undefined;
    const response = await this.http.send({ method, url, form, headers });
    const setCookie = response.headers['set-cookie'] ?? [];
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const pair = line.split(';', 1)[0]!;
      const index = pair.indexOf('=');
      if (index > 0) jar.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
    return response;
  }

  /** Where a redirect (302/303) points, absolute; anything else is the step's error. */
  static location(step: string, response: HttpResponse, base: string): URL {
    if (response.status !== 302 && response.status !== 303) throw BenchError.of(step, response);
    const location = header(response, 'location');
    if (!location) throw new BenchError(step, response.status, 'a redirect without Location');
    return new URL(location, base);
  }

  /** The value of a page's hidden `_csrf` field. */
  static csrf(step: string, page: HttpResponse): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) throw new BenchError(step, page.status, 'no _csrf field on the page');
    return token;
  }
}
