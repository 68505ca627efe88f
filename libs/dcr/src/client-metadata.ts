// RFC 7591 §2 (client metadata), RFC 8705 §2.1.2/§2.2, RFC 9449 §5.2, RFC 9126 §6, RFC 9396 §10, OIDC DCR §2.
import { FAPI_SIGNING_ALGS, type FapiSigningAlg } from '@ofs/fapi';
import type { JWK } from 'jose';

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';
export type ResponseType = 'code';
/** FAPI2-SP 5.3.2.1-3/-6: confidential clients only, no client secrets. */
export type TokenEndpointAuthMethod = 'private_key_jwt' | 'tls_client_auth' | 'self_signed_tls_client_auth';
export type SubjectType = 'public' | 'pairwise';

/** What the server offers to open registration (built from the server's settings). */
export interface RegistrationPolicy {
  /** Scopes a client may register for. */
  readonly scopesSupported: readonly string[];
  /** Registered when the client sends neither `scope` nor `scopes` (system scopes are dropped from it). */
  readonly defaultScopes: readonly string[];
  /** Reserved to the bank's own clients: open registration refuses them (invalid_client_metadata). */
  readonly systemScopes: readonly string[];
  readonly grantTypesSupported: readonly GrantType[];
  readonly authMethodsSupported: readonly TokenEndpointAuthMethod[];
  /** For every `*_signing_alg` / `*_signed_response_alg` member; the first is the id_token default. */
  readonly signingAlgs: readonly FapiSigningAlg[];
  /** RFC 9396 types a client may register in `authorization_details_types`. */
  readonly authorizationDetailsTypes: readonly string[];
  /** Default `['public']` (what discovery advertises in `subject_types_supported`). */
  readonly subjectTypesSupported?: readonly SubjectType[];
}

/** The FAPI 2.0 parts of a policy that do not depend on a server's settings. */
export const FAPI_REGISTRATION_DEFAULTS = Object.freeze({
  grantTypesSupported: Object.freeze(['authorization_code', 'refresh_token', 'client_credentials'] as GrantType[]),
  authMethodsSupported: Object.freeze([
    'private_key_jwt',
    'tls_client_auth',
    'self_signed_tls_client_auth',
  ] as TokenEndpointAuthMethod[]),
  signingAlgs: FAPI_SIGNING_ALGS,
  subjectTypesSupported: Object.freeze(['public'] as SubjectType[]),
});

/** RFC 7517 §5: a JWK Set; every key public (checked by validateClientMetadata). */
export interface PublicJwkSet {
  keys: JWK[];
}

/** RFC 8705 §2.1.2: the one certificate attribute a `tls_client_auth` client is recognised by. */
export const TLS_CLIENT_AUTH_SUBJECT_MEMBERS = [
  'tls_client_auth_subject_dn',
  'tls_client_auth_san_dns',
  'tls_client_auth_san_uri',
  'tls_client_auth_san_ip',
  'tls_client_auth_san_email',
] as const;
export type TlsClientAuthSubjectMember = (typeof TLS_CLIENT_AUTH_SUBJECT_MEMBERS)[number];

/** Client metadata members that name a JWS algorithm (FAPI2-SP 5.4: PS256, ES256 or EdDSA only). */
export const SIGNING_ALG_MEMBERS = [
  'token_endpoint_auth_signing_alg',
  'id_token_signed_response_alg',
  'request_object_signing_alg',
  'authorization_signed_response_alg',
  'userinfo_signed_response_alg',
  'introspection_signed_response_alg',
] as const;
export type SigningAlgMember = (typeof SIGNING_ALG_MEMBERS)[number];

/** Encryption members (OIDC DCR §2, JARM §3, RFC 9701 §6): this server encrypts nothing, so they are refused. */
export const ENCRYPTION_MEMBERS = [
  'id_token_encrypted_response_alg',
  'id_token_encrypted_response_enc',
  'userinfo_encrypted_response_alg',
  'userinfo_encrypted_response_enc',
  'request_object_encryption_alg',
  'request_object_encryption_enc',
  'authorization_encrypted_response_alg',
  'authorization_encrypted_response_enc',
  'introspection_encrypted_response_alg',
  'introspection_encrypted_response_enc',
] as const;

/**
 * Registered client metadata, normalised: defaults filled, `scopes` folded into `scope`, unknown members
 * dropped. Wire names (snake_case) as in RFC 7591 §2 and the extensions listed in the header.
 */
export interface RegisteredClientMetadata {
  /** Empty only for clients without the authorization_code grant. Kept exactly as registered. */
  redirect_uris: string[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  grant_types: GrantType[];
  /** `['code']` with the authorization_code grant, otherwise `[]`. */
  response_types: ResponseType[];
  /** Space-separated, in the client's order, without duplicates. */
  scope: string;
  jwks?: PublicJwkSet;
  jwks_uri?: string;
  tls_client_auth_subject_dn?: string;
  tls_client_auth_san_dns?: string;
  tls_client_auth_san_uri?: string;
  tls_client_auth_san_ip?: string;
  tls_client_auth_san_email?: string;
  token_endpoint_auth_signing_alg?: FapiSigningAlg;
  /** Default: the first of the policy's signing algs (PS256), never the OIDC default RS256 (DISC-15). */
  id_token_signed_response_alg: FapiSigningAlg;
  request_object_signing_alg?: FapiSigningAlg;
  authorization_signed_response_alg?: FapiSigningAlg;
  userinfo_signed_response_alg?: FapiSigningAlg;
  introspection_signed_response_alg?: FapiSigningAlg;
  subject_type: SubjectType;
  /** RFC 9449 §5.2; default false. */
  dpop_bound_access_tokens: boolean;
  /** RFC 8705 §3.4; default false. */
  tls_client_certificate_bound_access_tokens: boolean;
  /** RFC 9126 §6: always true here (FAPI2-SP 5.3.2.2-2 requires PAR of every client); `false` is overridden. */
  require_pushed_authorization_requests: true;
  /** RFC 9101 §10.5: PAR only with a signed request object; absent means false. */
  require_signed_request_object?: boolean;
  /** RFC 9396 §10; absent means every type the server supports. */
  authorization_details_types?: string[];
  client_name?: string;
  client_uri?: string;
  logo_uri?: string;
  policy_uri?: string;
  tos_uri?: string;
  contacts?: string[];
  software_id?: string;
  software_version?: string;
}
