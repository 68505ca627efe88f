/** A server's settings: what it offers and how it behaves. Seeded at first start, changed through the admin API. */
export interface ServerSettings {
  /** Scopes any client may register for and request. */
  scopes: string[];
  /** Scopes registration falls back to when a client omits `scope`. */
  defaultScopes: string[];
  /** Scopes reserved to the bank's own clients (introspection, consent management, token revocation). */
  systemScopes: string[];
  /** RFC 9101 §10.5 require_signed_request_object: PAR refuses requests without a signed request object. */
  requireSignedRequestObject?: boolean;
  /** The identity pool (of the server's tenant) its login page authenticates against. */
  identityPool: string;
  /** External consent page (the bank's); without it the server's own consent page is used. */
  consentPageUrl?: string | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  idTokenTtlSeconds: number;
  parTtlSeconds: number;
  authorizationCodeTtlSeconds: number;
}

export const SYSTEM_SCOPES = [
  'introspect_tokens',
  'revoke_tokens',
  'manage_logins',
  'manage_servers',
  'manage_consents',
  'read_audit',
  'manage_identity_pools',
];

export function defaultServerSettings(overrides: Partial<ServerSettings> = {}): ServerSettings {
  return {
    scopes: ['openid', 'email', 'profile', 'offline_access', 'accounts'],
    defaultScopes: ['openid', 'email', 'profile', 'offline_access', 'accounts'],
    systemScopes: SYSTEM_SCOPES,
    requireSignedRequestObject: false,
    identityPool: 'obgeneric-customers',
    accessTokenTtlSeconds: 600,
    refreshTokenTtlSeconds: 60 * 60 * 24 * 90,
    idTokenTtlSeconds: 600,
    parTtlSeconds: 90,
    authorizationCodeTtlSeconds: 60,
    ...overrides,
  };
}
