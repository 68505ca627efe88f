/** Error codes of RFC 6749 §5.2, §4.1.2.1, RFC 6750 §3.1, RFC 7591 §3.2.2, RFC 9449 §7.1/§12.2, RFC 9396 §5, RFC 9126 §2.3, OIDC Core §3.1.2.6. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'invalid_request_uri'
  | 'invalid_request_object'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'unsupported_token_type'
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata'
  | 'invalid_software_statement'
  | 'unapproved_software_statement'
  | 'invalid_authorization_details'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required';

const DEFAULT_STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  access_denied: 403,
  unsupported_response_type: 400,
  server_error: 500,
  temporarily_unavailable: 503,
  invalid_request_uri: 400,
  invalid_request_object: 400,
  invalid_dpop_proof: 400,
  use_dpop_nonce: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  unsupported_token_type: 400,
  invalid_redirect_uri: 400,
  invalid_client_metadata: 400,
  invalid_software_statement: 400,
  unapproved_software_statement: 400,
  invalid_authorization_details: 400,
  login_required: 400,
  consent_required: 400,
  interaction_required: 400,
};

export interface OAuthErrorOptions {
  /** HTTP status; defaults per code (invalid_client 401, invalid_token 401, insufficient_scope 403, else 400). */
  status?: number;
  /** For the logs only, never sent (e.g. the library error behind a failed signature check). */
  detail?: string;
  /** Whether an authorization-endpoint error may be sent to the client's (verified) redirect URI. */
  allowRedirect?: boolean;
  /** Extra response headers, e.g. `DPoP-Nonce` or `WWW-Authenticate`. */
  headers?: Record<string, string>;
}

/**
 * A protocol error as the RFCs define it: `error`, a public `error_description`, the HTTP status. Libs throw it;
 * the OAuth exception filter renders `{error, error_description}` with `Cache-Control: no-store`.
 */
export class OAuthError extends Error {
  readonly status: number;
  readonly detail?: string;
  readonly allowRedirect: boolean;
  readonly headers: Record<string, string>;

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    options: OAuthErrorOptions = {},
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
    this.status = options.status ?? DEFAULT_STATUS[error];
    this.detail = options.detail;
    this.allowRedirect = options.allowRedirect ?? false;
    this.headers = options.headers ?? {};
  }

  /** The RFC 6749 §5.2 body. The description is cut to the characters the RFC allows. */
  toJSON(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: errorDescriptionSafe(this.description) };
  }
}

/** RFC 6749 §5.2: error_description uses %x20-21 / %x23-5B / %x5D-7E only (no `"` and no `\`). */
export function errorDescriptionSafe(text: string): string {
  return text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, ' ');
}

export const isOAuthError = (e: unknown): e is OAuthError => e instanceof OAuthError;
