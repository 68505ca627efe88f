import { type HttpsClient, type HttpsResponse } from '@ofs/platform';
import type { DpopProofSigner } from '../dpop/dpop-proof-signer';

export interface ClientCredentialsTokenSourceOptions {
  /** The token endpoint's mutual-TLS alias (RFC 8705 §5), e.g. `https://localhost:8444/obgeneric/gobank/oauth2/token`. */
  tokenEndpoint: string;
  clientId: string;
  /** Space-separated scopes to ask for; the client's registered scopes when absent. */
  scope?: string;
  /** Presents the client's certificate: `tls_client_auth` (RFC 8705 §2.1), and the token is bound to it (§3). */
  http: HttpsClient;
  /** With a DPoP key the token is bound to it instead (RFC 9449 §5), whatever the certificate. */
  dpop?: DpopProofSigner;
  now?: () => Date;
  /** A token is renewed this long before it expires. Default 30 s. */
  renewBeforeSec?: number;
}

/** The token endpoint did not issue a token. */
export class TokenSourceError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TokenSourceError';
  }
}

/**
 * RFC 6749 §4.4 client credentials with mutual-TLS client authentication: one certificate-bound (or, with a
 * DPoP key, DPoP-bound) access token, reused until shortly before it expires, fetched once for any number of
 * concurrent callers.
 */
export class ClientCredentialsTokenSource {
  private current: { token: string; renewAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: ClientCredentialsTokenSourceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  accessToken(): Promise<string> {
    if (this.current && this.current.renewAt > this.now().getTime()) return Promise.resolve(this.current.token);
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets the token (e.g. after a 401 from the resource server): the next call fetches a new one. */
  invalidate(token?: string): void {
    if (token === undefined || this.current?.token === token) this.current = undefined;
  }

  private async fetch(): Promise<string> {
    const { tokenEndpoint, clientId, scope } = this.options;
    const issuedAt = this.now().getTime();
    const form: Record<string, string> = { grant_type: 'client_credentials', client_id: clientId };
    if (scope) form.scope = scope;
    let res = await this.post(form);
    const nonce = res.headers['dpop-nonce'];
    const askedForNonce = (res.body as { error?: unknown } | undefined)?.error === 'use_dpop_nonce';
    if (this.options.dpop && askedForNonce && typeof nonce === 'string') res = await this.post(form, nonce);
    const body = (res.body ?? {}) as { access_token?: unknown; expires_in?: unknown; error?: unknown };
    if (res.status !== 200 || typeof body.access_token !== 'string') {
      throw new TokenSourceError(
        `${tokenEndpoint} issued no token to ${clientId}: ${res.status} ${String(body.error ?? res.text.slice(0, 200))}`,
        res.status,
      );
    }
    const tokenType = String((body as { token_type?: unknown }).token_type ?? '').toLowerCase();
    if (tokenType !== (this.options.dpop ? 'dpop' : 'bearer')) {
      throw new TokenSourceError(
        `${tokenEndpoint} issued a ${tokenType || 'untyped'} token, not the binding asked for`,
      );
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 60;
    const renewBefore = Math.min(this.options.renewBeforeSec ?? 30, expiresIn / 2);
    this.current = { token: body.access_token, renewAt: issuedAt + (expiresIn - renewBefore) * 1000 };
    return body.access_token;
  }

  /** RFC 9449 §8: a server that demands a nonce answers `use_dpop_nonce` with one; the proof is made again with it. */
  private async post(form: Record<string, string>, nonce?: string): Promise<HttpsResponse> {
    const { tokenEndpoint, http, dpop } = this.options;
    const headers = dpop
      ? { DPoP: await dpop.proof({ htm: 'POST', htu: tokenEndpoint, nonce }, this.now()) }
      : undefined;
    return http.request({ method: 'POST', url: tokenEndpoint, form, headers });
  }
}
