// RFC 7662 §2.2 `iss`, FAPI2-SP 5.3.4: a token of another authorization server (or server) is not accepted here.
import { invalidToken } from './challenges';
import type { AccessTokenCheckContext } from './access-token-context';

export function checkTokenIssuer({ introspection, issuer, scheme }: AccessTokenCheckContext): void {
  if (introspection.iss !== issuer) throw invalidToken(scheme, 'The access token was not issued for this resource');
}
