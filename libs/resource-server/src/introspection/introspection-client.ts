import { HttpsClientError, type HttpsClient } from '@ofs/platform';
import { OAuthError } from '@ofs/oauth';

/** RFC 7662 §2.2, with the members this sandbox's authorization server returns. */
export interface IntrospectionResponse {
  active: boolean;
  iss?: string;
  client_id?: string;
  scope?: string;
  sub?: string;
  exp?: number;
  iat?: number;
  token_type?: string;
  /** RFC 9449 §6.2 `jkt`, RFC 8705 §3.2 `x5t#S256`. */
  cnf?: { jkt?: string; 'x5t#S256'?: string };
  consent_id?: string;
  authorization_details?: Array<Record<string, unknown>>;
}

export interface IntrospectionClientOptions {
  /** The introspection endpoint's mutual-TLS alias. */
  endpoint: string;
  /** The resource server's own client (`tls_client_auth`, system scope `introspect_tokens`). */
  clientId: string;
  /** Presents that client's certificate. */
  http: HttpsClient;
}

/** RFC 7662 §2.1 introspection with mutual-TLS client authentication (RFC 8705 §2). */
export class IntrospectionClient {
  constructor(private readonly options: IntrospectionClientOptions) {}

  /** The answer, or `temporarily_unavailable` (503) when the authorization server cannot say. */
  async introspect(token: string): Promise<IntrospectionResponse> {
    const { endpoint, clientId, http } = this.options;
    let res;
    try {
      res = await http.request({
        method: 'POST',
        url: endpoint,
        form: { token, token_type_hint: 'access_token', client_id: clientId },
        idempotent: true, // RFC 7662: a question, asked twice if the first connection was stale
      });
    } catch (e) {
      if (e instanceof HttpsClientError) throw unavailable(e.message);
      throw e;
    }
    const body = res.body as IntrospectionResponse | undefined;
    if (res.status !== 200 || typeof body?.active !== 'boolean') {
      throw unavailable(`introspection answered ${res.status}: ${res.text.slice(0, 200)}`);
    }
    return body;
  }
}

function unavailable(detail: string): OAuthError {
  return new OAuthError('temporarily_unavailable', 'The authorization server cannot check the access token now', {
    status: 503,
    detail,
  });
}
