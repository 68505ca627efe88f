import { type HttpsResponse } from '@ofs/platform';
import { SystemApiUnavailableError, type SystemApiClient } from '../system-api/system-api.client';

/** A login waiting for the customer's consent (`GET …/logins/{login_id}` of the system API). */
export interface PendingLogin {
  login_id: string;
  subject: string;
  client_id: string;
  client_name: string;
  requested_scopes: string[];
  authorization_details: Array<Record<string, unknown>>;
  /** Shown as the redirect host when the authorization server names it. */
  redirect_uri?: string;
  /** The client registered itself (RFC 7591): its name is only what it says it is. */
  dynamically_registered?: boolean;
}

export interface AcceptLogin {
  login_state: string;
  granted_scopes: string[];
  consent_id: string;
  granted_authorization_details?: Array<Record<string, unknown>>;
}

export interface RejectLogin {
  login_state: string;
  error: 'access_denied';
  error_description: string;
}

/** Why the system API refused: no such pending login (gone, decided, expired), a refused decision, or unreachable. */
export type LoginsErrorKind = 'not_found' | 'invalid_request' | 'unavailable';

export class LoginsError extends Error {
  constructor(
    readonly kind: LoginsErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LoginsError';
  }
}

const LOGIN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The authorization server's pending logins of one server (scope `manage_logins`): read, accept, reject. */
export class AuthServerLoginsClient {
  constructor(
    /** `https://localhost:8444/api/system/obgeneric/servers/gobank/logins` (the mutual-TLS alias). */
    private readonly loginsUrl: string,
    private readonly api: SystemApiClient,
  ) {}

  async get(loginId: string): Promise<PendingLogin> {
    return expectOk<PendingLogin>(await this.call('GET', loginId, ''));
  }

  async accept(loginId: string, body: AcceptLogin): Promise<{ redirect_to: string }> {
    return expectOk<{ redirect_to: string }>(await this.call('POST', loginId, '/accept', body));
  }

  async reject(loginId: string, body: RejectLogin): Promise<{ redirect_to: string }> {
    return expectOk<{ redirect_to: string }>(await this.call('POST', loginId, '/reject', body));
  }

  private async call(method: string, loginId: string, path: string, json?: unknown): Promise<HttpsResponse> {
    if (!LOGIN_ID.test(loginId)) throw new LoginsError('not_found', 'not a login id');
    try {
      return await this.api.call(method, `${this.loginsUrl}/${loginId}${path}`, json);
    } catch (e) {
      if (e instanceof SystemApiUnavailableError) throw new LoginsError('unavailable', e.message);
      throw e;
    }
  }
}

function expectOk<T>(res: HttpsResponse): T {
  if (res.status === 200) return res.body as T;
  const body = res.body as { error?: unknown; error_description?: unknown } | undefined;
  const message = `system API answered ${res.status}: ${String(body?.error ?? '')} ${String(body?.error_description ?? '')}`;
  if (res.status === 404 || res.status === 409 || res.status === 410)
    throw new LoginsError('not_found', message, res.status);
  if (res.status === 400) throw new LoginsError('invalid_request', message, res.status);
  throw new LoginsError('unavailable', message, res.status);
}
