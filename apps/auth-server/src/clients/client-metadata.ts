import type { RegisteredClientMetadata } from '@ofs/dcr';

/**
 * A stored client's metadata: the members registration stores (RFC 7591, normalised by `@ofs/dcr`). Clients
 * registered by DCR hold all of them; the sandbox's seeded clients and the admin API's hold the ones they need,
 * so every member but the authentication method may be absent.
 */
export type StoredClientMetadata = Partial<RegisteredClientMetadata> &
  Pick<RegisteredClientMetadata, 'token_endpoint_auth_method'>;

/** Members registration always stores (RFC 7591 §2 defaults applied by `@ofs/dcr`). */
const ALWAYS_REGISTERED = [
  'redirect_uris',
  'grant_types',
  'response_types',
  'scope',
  'id_token_signed_response_alg',
  'subject_type',
  'dpop_bound_access_tokens',
  'tls_client_certificate_bound_access_tokens',
  'require_pushed_authorization_requests',
] as const satisfies ReadonlyArray<keyof RegisteredClientMetadata>;

/** Metadata stored by registration (RFC 7592 reads and updates only manage such clients). */
export function isRegisteredMetadata(metadata: StoredClientMetadata): metadata is RegisteredClientMetadata {
  return ALWAYS_REGISTERED.every((member) => metadata[member] !== undefined);
}
