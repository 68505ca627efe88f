import { BenchError } from './bench-error';
import { header, type HttpClient, type HttpResponse } from './http-client';
import { dpopProof, generateEs256Key, type Es256Key } from './jws';

/**
 * One client's DPoP key and the server's latest nonce (RFC 9449 §8): every proof carries the last DPoP-Nonce
 * the server returned; on `use_dpop_nonce` the request is sent once more with the new nonce (as openid-client
 * does). The retry is part of the operation, so it counts in its latency.
 */
export class DpopSession {
  readonly key: Es256Key = generateEs256Key();
  private nonce: string | undefined;
  /** Requests re-sent because the server asked for a (new) nonce. */
  retries = 0;

  constructor(private readonly http: HttpClient) {}

  /** POSTs a form built afresh for each attempt (client assertions are single-use too). */
  async post(step: string, url: string, form: () => Record<string, string>): Promise<HttpResponse> {
    const first = await this.send(url, form());
    if (!this.asksForNonce(first)) return first;
    this.retries++;
    const second = await this.send(url, form());
    if (this.asksForNonce(second)) throw BenchError.of(`${step} (after a nonce retry)`, second);
    return second;
  }

  private async send(url: string, form: Record<string, string>): Promise<HttpResponse> {
    const response = await this.http.send({
      method: 'POST',
      url,
      form,
      headers: { dpop: dpopProof(this.key, 'POST', url, this.nonce) },
    });
    const nonce = header(response, 'dpop-nonce');
    if (nonce) this.nonce = nonce;
    return response;
  }

  private asksForNonce(response: HttpResponse): boolean {
    return (
      (response.status === 400 || response.status === 401) &&
      response.body.includes('"use_dpop_nonce"') &&
      header(response, 'dpop-nonce') !== undefined
    );
  }
}
