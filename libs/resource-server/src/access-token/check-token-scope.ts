// RFC 6750 §3.1: a valid token without the scopes this resource needs is `insufficient_scope` (403).
import { insufficientScope } from './challenges';
import type { AccessTokenCheckContext } from './access-token-context';

export function checkTokenScope({ introspection, requiredScopes, scheme }: AccessTokenCheckContext): void {
  const granted = (introspection.scope ?? '').split(' ');
  if (!requiredScopes.every((s) => granted.includes(s))) throw insufficientScope(scheme, requiredScopes);
}
