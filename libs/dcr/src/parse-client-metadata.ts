// RFC 7591 §3.1: the request is a JSON object; §2: the server MAY ignore metadata it does not understand.
import { ENCRYPTION_MEMBERS, SIGNING_ALG_MEMBERS, TLS_CLIENT_AUTH_SUBJECT_MEMBERS } from './client-metadata';
import { invalidClientMetadata } from './metadata-check-context';

/** Every member a check looks at. Anything else (e.g. `client_name#ja`, `application_type`) is dropped. */
export const KNOWN_METADATA_MEMBERS: ReadonlySet<string> = new Set([
  'redirect_uris',
  'token_endpoint_auth_method',
  'grant_types',
  'response_types',
  'scope',
  'scopes', // Cloudentity ACP's array form, sent by the Financroo TPP (REFERENCE §c.2)
  'jwks',
  'jwks_uri',
  ...TLS_CLIENT_AUTH_SUBJECT_MEMBERS,
  ...SIGNING_ALG_MEMBERS,
  ...ENCRYPTION_MEMBERS, // known so that they are refused rather than silently dropped
  'subject_type',
  'dpop_bound_access_tokens',
  'tls_client_certificate_bound_access_tokens',
  'require_pushed_authorization_requests',
  'require_signed_request_object',
  'authorization_details_types',
  'client_name',
  'client_uri',
  'logo_uri',
  'policy_uri',
  'tos_uri',
  'contacts',
  'software_id',
  'software_version',
  'software_statement',
]);

/**
 * The known members of a registration (or RFC 7592 update) body. Members whose value is JSON null count as
 * omitted (RFC 7592 §2.2 treats omitted and null alike).
 */
export function parseClientMetadata(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidClientMetadata('the client metadata must be a JSON object');
  }
  const known: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (value !== null && KNOWN_METADATA_MEMBERS.has(name)) known[name] = value;
  }
  return known;
}
