// RFC 7662 §2.2: only an active token grants access (expired, revoked or unknown ones are `active: false`).
import { invalidToken } from './challenges';
import type { AccessTokenCheckContext } from './access-token-context';

export function checkTokenActive({ introspection, scheme }: AccessTokenCheckContext): void {
  if (introspection.active !== true) throw invalidToken(scheme, 'The access token is not active');
}
