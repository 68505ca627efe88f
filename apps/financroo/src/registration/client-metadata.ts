import type { JWK } from 'jose';
import type { Bank } from '../config/banks-file';

export const REQUESTED_SCOPE = 'openid offline_access accounts';

/** What Financroo reads at a bank: account_information with these permissions (RFC 9396). */
export const ACCOUNT_PERMISSIONS = ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsDetail'] as const;

/**
 * RFC 7591 §2 client metadata Financroo registers at a bank: FAPI 2.0 Message Signing (signed request objects,
 * JARM), RAR, and per bank either private_key_jwt + DPoP or tls_client_auth + certificate-bound tokens.
 * Only public values: the stored copy is compared with a new one at start (a change is an RFC 7592 update).
 */
export function clientMetadata(
  bank: Bank,
  options: { publicBase: string; signingJwk: JWK; certificateSubject: string },
): Record<string, unknown> {
  const common = {
    client_name: 'Financroo',
    client_uri: options.publicBase,
    redirect_uris: [redirectUri(options.publicBase)],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: REQUESTED_SCOPE,
    jwks: { keys: [options.signingJwk] },
    authorization_details_types: ['account_information'],
    require_signed_request_object: true,
    request_object_signing_alg: 'PS256',
  };
  return bank.authentication === 'private_key_jwt'
    ? {
        ...common,
        token_endpoint_auth_method: 'private_key_jwt',
        token_endpoint_auth_signing_alg: 'PS256',
        dpop_bound_access_tokens: true,
      }
    : {
        ...common,
        token_endpoint_auth_method: 'tls_client_auth',
        tls_client_auth_subject_dn: options.certificateSubject,
        tls_client_certificate_bound_access_tokens: true,
      };
}

export function redirectUri(publicBase: string): string {
  return `${publicBase}/callback`;
}

/** Key order does not matter when deciding whether the registered metadata changed. */
export function sameMetadata(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}
