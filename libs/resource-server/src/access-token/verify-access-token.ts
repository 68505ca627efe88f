// FAPI2-SP 5.3.4, RFC 6750, RFC 7662, RFC 9449 §7, RFC 8705 §3: an access token at a resource server, as ordered checks.
import type { ReplayStore } from '@ofs/fapi';
import type { IntrospectionResponse } from '../introspection/introspection-client';
import type { AccessTokenCheck, ResourceRequest } from './access-token-context';
import { checkSenderConstraint } from './check-sender-constraint';
import { checkTokenActive } from './check-token-active';
import { checkTokenIssuer } from './check-token-issuer';
import { checkTokenScope } from './check-token-scope';
import type { TokenScheme } from './challenges';
import { parseAuthorization } from './parse-authorization';

/** After the Authorization header is parsed and the token introspected, in order. */
export const ACCESS_TOKEN_CHECKS: readonly AccessTokenCheck[] = [
  checkTokenActive, // RFC 7662 §2.2
  checkTokenIssuer, // RFC 7662 §2.2 iss
  checkSenderConstraint, // RFC 9449 §7 / RFC 8705 §3, on every request (never cached)
  checkTokenScope, // RFC 6750 §3.1, last: a 403 only for a token that is otherwise good
];

export interface VerifyAccessTokenInput {
  request: ResourceRequest;
  issuer: string;
  requiredScopes: readonly string[];
  now: Date;
  replay: ReplayStore;
  /** Introspection (possibly cached for a few seconds). */
  introspect(token: string): Promise<IntrospectionResponse>;
}

/** Who called: the verified token's client, subject, scopes and consent. */
export interface AuthenticatedCaller {
  clientId: string;
  subject: string | undefined;
  scopes: string[];
  consentId: string | undefined;
  scheme: TokenScheme;
  introspection: IntrospectionResponse;
}

/** Failures are OAuthErrors: 401 `invalid_token`/`invalid_dpop_proof`, 403 `insufficient_scope`, 503 when the AS is down. */
export async function verifyAccessToken(input: VerifyAccessTokenInput): Promise<AuthenticatedCaller> {
  const { scheme, token } = parseAuthorization(input.request.authorization);
  const introspection = await input.introspect(token);
  const ctx = { ...input, scheme, token, introspection };
  for (const check of ACCESS_TOKEN_CHECKS) {
    // Awaited only when asynchronous (a DPoP proof): a synchronous check throws or passes on the spot.
    const pending = check(ctx);
    if (pending) await pending;
  }
  return {
    clientId: introspection.client_id ?? '',
    subject: introspection.sub,
    scopes: (introspection.scope ?? '').split(' ').filter(Boolean),
    consentId: introspection.consent_id,
    scheme,
    introspection,
  };
}
