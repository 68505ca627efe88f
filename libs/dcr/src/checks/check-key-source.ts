// RFC 7591 §2 jwks/jwks_uri (REG-03), RFC 7523 §2.2, RFC 8705 §2.2: where the client's keys come from.
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';

/**
 * jwks and jwks_uri are mutually exclusive (RFC 7591 §2 "MUST NOT both be present"). private_key_jwt and
 * self_signed_tls_client_auth need one of them; so does a client that registers request_object_signing_alg,
 * or require_signed_request_object, since its request objects are verified with those keys.
 */
export function checkKeySource({ input, output }: MetadataCheckContext): void {
  const byValue = input.jwks !== undefined;
  const byReference = input.jwks_uri !== undefined;
  if (byValue && byReference) throw invalidClientMetadata('jwks and jwks_uri must not both be present');
  if (byValue || byReference) return;
  const method = output.token_endpoint_auth_method!;
  if (method === 'private_key_jwt' || method === 'self_signed_tls_client_auth') {
    throw invalidClientMetadata(`token_endpoint_auth_method ${method} requires jwks or jwks_uri`);
  }
  if (input.request_object_signing_alg !== undefined) {
    throw invalidClientMetadata('request_object_signing_alg requires jwks or jwks_uri');
  }
  if (input.require_signed_request_object === true) {
    throw invalidClientMetadata('require_signed_request_object requires jwks or jwks_uri');
  }
}
