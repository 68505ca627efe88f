import type { TokenEntity } from '../token-store/token.entity';

/** RFC 7662 §2.2 response for an active token (INTRO-01, INTRO-06); inactive ones are just `{active:false}`. */
export function introspectionResponse(token: TokenEntity, issuer: string): Record<string, unknown> {
  const response: Record<string, unknown> = {
    active: true,
    iss: issuer,
    client_id: token.clientId,
    scope: token.scope,
    sub: token.subject ?? token.clientId,
    iat: Math.floor(token.issuedAt.getTime() / 1000),
    exp: Math.floor(token.expiresAt.getTime() / 1000),
  };
  if (token.kind === 'access_token') response.token_type = token.jkt ? 'DPoP' : 'Bearer';
  if (token.jkt) response.cnf = { jkt: token.jkt };
  else if (token.x5tS256) response.cnf = { 'x5t#S256': token.x5tS256 };
  if (token.consentId) response.consent_id = token.consentId;
  if (token.authorizationDetails) response.authorization_details = token.authorizationDetails;
  return response;
}
