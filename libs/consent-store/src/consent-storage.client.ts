import {
  ClientCredentialsTokenSource,
  HttpsClient,
  HttpsClientError,
  TokenSourceError,
  type ClientTls,
  type HttpsResponse,
} from '@ofs/resource-server';
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
  now?: () => Date;
}

/**
 * {@link ConsentStore} over consent-admin's consent storage API: a certificate-bound `manage_consents` token
 * (client credentials, `tls_client_auth`, RFC 8705), presented with the same certificate.
 */
export class ConsentStorageClient implements ConsentStore {
  private readonly http: HttpsClient;
  private readonly tokens: ClientCredentialsTokenSource;

  constructor(private readonly options: ConsentStorageClientOptions) {
    this.http = new HttpsClient(options.tls);
    this.tokens = new ClientCredentialsTokenSource({
      tokenEndpoint: options.tokenEndpoint,
      clientId: options.clientId,
      scope: 'manage_consents',
      http: this.http,
      now: options.now,
    });
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

  close(): void {
    this.http.close();
  }

  /** One call; after a 401 once more with a new token (the old one may have expired or been revoked). */
  private async call(method: string, path: string, json?: unknown): Promise<HttpsResponse> {
    const send = async () => {
      const token = await this.tokens.accessToken();
      const res = await this.http.request({
        method,
        url: `${this.options.baseUrl}${path}`,
        headers: { authorization: `Bearer ${token}` },
        json,
      });
      if (res.status === 401) this.tokens.invalidate(token);
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
