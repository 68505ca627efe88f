// RFC 7591 §2 jwks_uri, FAPI2-SP 5.2.2 (TLS everywhere): an https URL the server fetches the client's keys from.
import type { MetadataCheckContext } from '../metadata-check-context';
import { optionalHttpsUrl } from '../metadata-members';

export function checkJwksUri({ input, output }: MetadataCheckContext): void {
  const jwksUri = optionalHttpsUrl(input, 'jwks_uri', { fragment: false });
  if (jwksUri !== undefined) output.jwks_uri = jwksUri;
}
