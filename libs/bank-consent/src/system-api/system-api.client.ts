import { HttpsClient, HttpsClientError, type ClientTls, type HttpsResponse } from '@ofs/platform';
import { ClientCredentialsTokenSource, TokenSourceError } from '@ofs/resource-server';

export interface SystemApiClientOptions {
  /** The token endpoint's mutual-TLS alias, e.g. `https://localhost:8444/obgeneric/hyperscalebank/oauth2/token`. */
  tokenEndpoint: string;
  /** The bank's own client there (`tls_client_auth`), e.g. `hyperscalebank-bank`. */
  clientId: string;
  /** The system scope the calls need (`manage_logins`, `manage_identity_pools`). */
  scope: string;
  /** The sandbox CA and the bank's client certificate: it authenticates the client and binds its token (RFC 8705). */
  tls: Required<ClientTls>;
  now?: () => Date;
}

/** The call never got an answer, or no token could be had: the authorization server cannot be used now. */
export class SystemApiUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SystemApiUnavailableError';
  }
}

/**
 * Calls to the authorization server's system APIs (on its mutual-TLS alias) with a certificate-bound
 * client-credentials token of the bank's own client, presented with that certificate. A 401 gets one more try
 * with a fresh token (the old one may have expired or been revoked).
 */
export class SystemApiClient {
  private readonly http: HttpsClient;
  private readonly tokens: ClientCredentialsTokenSource;

  constructor(options: SystemApiClientOptions) {
    this.http = new HttpsClient(options.tls);
    this.tokens = new ClientCredentialsTokenSource({
      tokenEndpoint: options.tokenEndpoint,
      clientId: options.clientId,
      scope: options.scope,
      http: this.http,
      now: options.now,
    });
  }

  async call(
    method: string,
    url: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpsResponse> {
    const send = async () => {
      const token = await this.tokens.accessToken();
      const res = await this.http.request({
        method,
        url,
        json,
        headers: { ...headers, authorization: `Bearer ${token}` },
      });
      if (res.status === 401) this.tokens.invalidate(token);
      return res;
    };
    try {
      const first = await send();
      return first.status === 401 ? await send() : first;
    } catch (e) {
      if (e instanceof HttpsClientError || e instanceof TokenSourceError)
        throw new SystemApiUnavailableError(e.message, { cause: e });
      throw e;
    }
  }

  close(): void {
    this.http.close();
  }
}
