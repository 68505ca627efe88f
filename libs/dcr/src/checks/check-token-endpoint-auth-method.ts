// FAPI2-SP 5.3.2.1-3/-6, RFC 7591 §2 (REG-04): private_key_jwt or mutual TLS, never a client secret or none.
import type { TokenEndpointAuthMethod } from '../client-metadata';
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';

/**
 * Required: the RFC 7591 default (client_secret_basic) is not allowed, and guessing between private_key_jwt
 * and mutual TLS on the client's behalf would register a client that cannot authenticate the way it expects.
 */
export function checkTokenEndpointAuthMethod({ input, policy, output }: MetadataCheckContext): void {
  const method = input.token_endpoint_auth_method;
  const supported = policy.authMethodsSupported.join(', ');
  if (method === undefined) {
    throw invalidClientMetadata(`token_endpoint_auth_method is required, use one of ${supported}`);
  }
  if (typeof method !== 'string') throw invalidClientMetadata('token_endpoint_auth_method must be a string');
  if (!(policy.authMethodsSupported as readonly string[]).includes(method)) {
    throw invalidClientMetadata(`token_endpoint_auth_method ${method} is not allowed, use one of ${supported}`);
  }
  output.token_endpoint_auth_method = method as TokenEndpointAuthMethod;
}
