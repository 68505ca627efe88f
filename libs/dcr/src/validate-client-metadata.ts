// RFC 7591 §2 and §3.2.2, FAPI 2.0 SP 5.3.2 / 5.4 (REG-02..REG-08): client metadata, as an ordered list of checks.
import { checkAuthorizationDetailsTypes } from './checks/check-authorization-details-types';
import { checkClientInformation } from './checks/check-client-information';
import { checkGrantResponseConsistency } from './checks/check-grant-response-consistency';
import { checkGrantTypes } from './checks/check-grant-types';
import { checkJwks } from './checks/check-jwks';
import { checkJwksUri } from './checks/check-jwks-uri';
import { checkKeySource } from './checks/check-key-source';
import { checkNoEncryption } from './checks/check-no-encryption';
import { checkRedirectUris } from './checks/check-redirect-uris';
import { checkRequestObjectRequired } from './checks/check-request-object-required';
import { checkResponseTypes } from './checks/check-response-types';
import { checkScope } from './checks/check-scope';
import { checkSelfSignedCertificates } from './checks/check-self-signed-certificates';
import { checkSigningAlgs } from './checks/check-signing-algs';
import { checkSoftwareStatement } from './checks/check-software-statement';
import { checkSubjectType } from './checks/check-subject-type';
import { checkTlsClientAuthSubject } from './checks/check-tls-client-auth-subject';
import { checkTokenBindingFlags } from './checks/check-token-binding-flags';
import { checkTokenEndpointAuthMethod } from './checks/check-token-endpoint-auth-method';
import type { RegisteredClientMetadata, RegistrationPolicy } from './client-metadata';
import type { ClientMetadataCheck, MetadataCheckContext } from './metadata-check-context';
import { parseClientMetadata } from './parse-client-metadata';

/** After parsing (a JSON object; unknown members dropped), in order: the first failure is the answer. */
export const CLIENT_METADATA_CHECKS: readonly ClientMetadataCheck[] = [
  checkSoftwareStatement, // RFC 7591 §3.1.1 (REG-08)
  checkGrantTypes, // RFC 7591 §2, FAPI2-SP 5.3.2.1-2 (REG-06)
  checkResponseTypes, // RFC 7591 §2, FAPI2-SP 5.3.2.2-1 (REG-06)
  checkGrantResponseConsistency, // RFC 7591 §2.1 (REG-06)
  checkRedirectUris, // RFC 7591 §2, FAPI2-SP 5.3.2.2-8 (REG-02)
  checkTokenEndpointAuthMethod, // FAPI2-SP 5.3.2.1-3 (REG-04)
  checkKeySource, // RFC 7591 §2 jwks xor jwks_uri (REG-03)
  checkJwksUri, // RFC 7591 §2
  checkJwks, // RFC 7517, FAPI2-SP 5.4.1 (REG-03)
  checkSelfSignedCertificates, // RFC 8705 §2.2
  checkTlsClientAuthSubject, // RFC 8705 §2.1.2 (REG-05)
  checkSigningAlgs, // FAPI2-SP 5.4.1 (REG-07)
  checkNoEncryption, // OIDC DCR §2, JARM §3
  checkScope, // RFC 7591 §2, RFC 6749 §3.3
  checkTokenBindingFlags, // RFC 9449 §5.2, RFC 8705 §3.4, RFC 9126 §6
  checkRequestObjectRequired, // RFC 9101 §10.5
  checkAuthorizationDetailsTypes, // RFC 9396 §10
  checkSubjectType, // OIDC DCR §2
  checkClientInformation, // RFC 7591 §2
];

/**
 * Validates an RFC 7591 registration request body and returns the metadata to register, normalised (defaults
 * filled, `scopes` folded into `scope`, unknown members dropped). Throws OAuthError `invalid_redirect_uri`,
 * `invalid_client_metadata`, `invalid_software_statement` or `unapproved_software_statement` (all 400).
 * Async only because keys are checked with jose's importJWK; it does no I/O (a jwks_uri is not fetched).
 */
export async function validateClientMetadata(
  input: unknown,
  policy: RegistrationPolicy,
): Promise<RegisteredClientMetadata> {
  const ctx: MetadataCheckContext = { input: parseClientMetadata(input), policy, output: {} };
  for (const check of CLIENT_METADATA_CHECKS) await check(ctx);
  return inWireOrder(ctx.output);
}

/** Every member, in one stable order (the RFC's, roughly); a Record so that a new member cannot be forgotten. */
const WIRE_ORDER: Readonly<Record<keyof RegisteredClientMetadata, null>> = {
  redirect_uris: null,
  token_endpoint_auth_method: null,
  grant_types: null,
  response_types: null,
  scope: null,
  client_name: null,
  client_uri: null,
  logo_uri: null,
  policy_uri: null,
  tos_uri: null,
  contacts: null,
  software_id: null,
  software_version: null,
  jwks_uri: null,
  jwks: null,
  tls_client_auth_subject_dn: null,
  tls_client_auth_san_dns: null,
  tls_client_auth_san_uri: null,
  tls_client_auth_san_ip: null,
  tls_client_auth_san_email: null,
  token_endpoint_auth_signing_alg: null,
  id_token_signed_response_alg: null,
  request_object_signing_alg: null,
  authorization_signed_response_alg: null,
  userinfo_signed_response_alg: null,
  introspection_signed_response_alg: null,
  subject_type: null,
  dpop_bound_access_tokens: null,
  tls_client_certificate_bound_access_tokens: null,
  require_pushed_authorization_requests: null,
  require_signed_request_object: null,
  authorization_details_types: null,
};

function inWireOrder(metadata: Partial<RegisteredClientMetadata>): RegisteredClientMetadata {
  const ordered: Record<string, unknown> = {};
  for (const member of Object.keys(WIRE_ORDER) as (keyof RegisteredClientMetadata)[]) {
    if (metadata[member] !== undefined) ordered[member] = metadata[member];
  }
  return ordered as unknown as RegisteredClientMetadata;
}
