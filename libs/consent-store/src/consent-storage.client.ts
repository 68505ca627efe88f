import { HttpsClient, HttpsClientError, type ClientTls, type HttpsResponse } from '@ofs/platform';
import { ClientCredentialsTokenSource, DpopProofSigner, TokenSourceError } from '@ofs/resource-server';
import type {
  ConsentDto,
  ConsentPageDto,
  CreateConsentRequestDto,
  ListConsentsQueryDto,
  RevokeClientConsentsResponseDto,
} from './consent.dto';
import { ConsentStoreError, type ConsentStore } from './consent-store';

export interface ConsentStorageClientOptions {
  /** `https://localhost:8084`: consent-admin's `admin` listener. */
  baseUrl: string;
  /** The bank's client at its authorization server (`gobank-bank`, system scope `manage_consents`). */
  clientId: string;
  /** The token endpoint's mutual-TLS alias, e.g. `https://localhost:8444/obgeneric/gobank/oauth2/token`. */
  tokenEndpoint: string;
  /** The sandbox CA and the bank's client certificate (`go-bank`): it authenticates the client and binds its token. */
  tls: Required<ClientTls>;
  /**
   * How the token is bound: to the certificate (`mtls`, RFC 8705, the default) or to a DPoP key made for this
   * client (`dpop`, RFC 9449: every call then carries a proof).
   */
  senderConstraint?: 'mtls' | 'dpop';
  now?: () => Date;
}

/**
 * {@link ConsentStore} over consent-admin's consent storage API: a `manage_consents` token (client credentials,
 * `tls_client_auth`, RFC 8705) bound to the bank's certificate and presented with it, or bound to a DPoP key.
 */
export class ConsentStorageClient implements ConsentStore {
  private readonly http: HttpsClient;
  private binding: Promise<{ tokens: ClientCredentialsTokenSource; dpop?: DpopProofSigner }> | undefined;

  constructor(private readonly options: ConsentStorageClientOptions) {
    this.http = new HttpsClient(options.tls);
  }

  async create(request: CreateConsentRequestDto): Promise<ConsentDto> {
    return expect<ConsentDto>(await this.call('POST', '/api/consents', request), 201);
  }

  async get(id: string): Promise<ConsentDto | undefined> {
    const res = await this.call('GET', `/api/consents/${encodeURIComponent(id)}`);
    if (res.status === 404) return undefined;
    return expect<ConsentDto>(res, 200);
  }

  async list(query: ListConsentsQueryDto = {}): Promise<ConsentPageDto> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
    const search = params.size ? `?${params.toString()}` : '';
    return expect<ConsentPageDto>(await this.call('GET', `/api/consents${search}`), 200);
  }

  async revoke(id: string, revokedBy?: string): Promise<ConsentDto> {
    const body = revokedBy === undefined ? {} : { revoked_by: revokedBy };
    return expect<ConsentDto>(await this.call('POST', `/api/consents/${encodeURIComponent(id)}/revoke`, body), 200);
  }

  async revokeAllOfClient(clientId: string, revokedBy?: string): Promise<RevokeClientConsentsResponseDto> {
    const body = { client_id: clientId, ...(revokedBy === undefined ? {} : { revoked_by: revokedBy }) };
    return expect<RevokeClientConsentsResponseDto>(await this.call('POST', '/api/consents/revoke', body), 200);
  }

  private sender(): Promise<{ tokens: ClientCredentialsTokenSource; dpop?: DpopProofSigner }> {
    this.binding ??= (async () => {
      const dpop = this.options.senderConstraint === 'dpop' ? await DpopProofSigner.generate() : undefined;
      const tokens = new ClientCredentialsTokenSource({
        tokenEndpoint: this.options.tokenEndpoint,
        clientId: this.options.clientId,
        scope: 'manage_consents',
        http: this.http,
        dpop,
        now: this.options.now,
      });
      return { tokens, dpop };
    })();
    return this.binding;
  }

  close(): void {
    this.http.close();
  }

  /** One call; after a 401 once more with a new token (the old one may have expired or been revoked). */
  private async call(method: string, path: string, json?: unknown): Promise<HttpsResponse> {
    const url = `${this.options.baseUrl}${path}`;
    const send = async () => {
      const { tokens, dpop } = await this.sender();
      const token = await tokens.accessToken();
      const headers: Record<string, string> = dpop
        ? { authorization: `DPoP ${token}`, dpop: await dpop.proof({ htm: method, htu: url, accessToken: token }) }
        : { authorization: `Bearer ${token}` };
      const res = await this.http.request({ method, url, headers, json });
      if (res.status === 401) tokens.invalidate(token);
      return res;
    };
    try {
      const first = await send();
      return first.status === 401 ? await send() : first;
    } catch (e) {
      if (e instanceof HttpsClientError) throw new ConsentStoreError('unavailable', e.message);
      if (e instanceof TokenSourceError) throw new ConsentStoreError('unauthorized', e.message, e.status);
      throw e;
    }
  }
}

function expect<T>(res: HttpsResponse, status: number): T {
  if (res.status === status) return res.body as T;
  const detail = (res.body as { detail?: unknown } | undefined)?.detail;
  const message = `consent storage answered ${res.status}${typeof detail === 'string' ? `: ${detail}` : ''}`;
  throw new ConsentStoreError(kindOf(res.status), message, res.status);
}

function kindOf(status: number): ConsentStoreError['kind'] {
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status >= 400 && status < 500) return 'invalid_request';
  return 'unavailable';
}
