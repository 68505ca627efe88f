// RFC 7523 §3 (7), OIDC Core §9: jti is required, so that the assertion can be used only once.
import { invalidClient, type ClientAssertionContext } from './client-assertion-context';

export function checkAssertionJti({ claims }: ClientAssertionContext): void {
  if (typeof claims.jti !== 'string' || claims.jti === '') throw invalidClient('client assertion has no jti');
}
