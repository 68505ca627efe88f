// RFC 8705 §2.2: a self_signed_tls_client_auth client registers its certificate(s) as x5c of its JWKS keys.
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';

/** Keys by reference (jwks_uri) are only known when fetched, at authentication. */
export function checkSelfSignedCertificates({ output }: MetadataCheckContext): void {
  if (output.token_endpoint_auth_method !== 'self_signed_tls_client_auth' || !output.jwks) return;
  if (!output.jwks.keys.some((key) => Array.isArray(key.x5c))) {
    throw invalidClientMetadata('self_signed_tls_client_auth requires a jwks key with the certificate in x5c');
  }
}
