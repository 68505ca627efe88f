import {
  authorizationDetailsShape,
  checkGrantedDetails,
  OAuthError,
  parseAuthorizationDetails,
  validateAuthorizationDetails,
  type AuthorizationDetail,
} from '@ofs/oauth';
import type { PushedParameters } from '../interaction/interaction.service';
import type { ServerContext } from '../servers/server-context';

/**
 * RFC 9396 §7: what the consent page grants narrows what was requested, type by type (fewer accounts or
 * permissions; a payment exactly as requested), and still matches its type's schema. Anything else is a 400
 * invalid_request naming the granted object and member.
 */
export function grantedDetails(
  server: ServerContext,
  granted: Array<Record<string, unknown>>,
  params: PushedParameters,
): AuthorizationDetail[] {
  const requested = params.authorization_details ? parseAuthorizationDetails(params.authorization_details) : [];
  try {
    const shaped = authorizationDetailsShape(granted, 'granted_authorization_details');
    checkGrantedDetails(shaped, requested, (type) => server.authorizationDetailsTypes.get(type)?.schema);
    validateAuthorizationDetails(
      shaped,
      { types: server.authorizationDetailsTypes },
      'granted_authorization_details',
      'invalid_request',
    );
    return shaped;
  } catch (e) {
    if (e instanceof OAuthError && e.error === 'invalid_authorization_details')
      throw new OAuthError('invalid_request', e.description);
    throw e;
  }
}

/**
 * RFC 9396 §6.2: a token request may name `authorization_details` to get an access token for part of the grant.
 * They must be well formed, of this server's types and each a narrowing of a granted object (fewer accounts or
 * permissions); anything else is invalid_authorization_details naming the object and member. Without the
 * parameter the access token carries the whole grant.
 */
export function tokenRequestDetails(
  server: ServerContext,
  granted: Array<Record<string, unknown>> | null,
  parameter: string | undefined,
): Array<Record<string, unknown>> | null {
  if (parameter === undefined) return granted;
  const asked = parseAuthorizationDetails(parameter);
  validateAuthorizationDetails(asked, { types: server.authorizationDetailsTypes });
  checkGrantedDetails(
    asked,
    (granted ?? []) as AuthorizationDetail[], // checked against their types when granted
    (type) => server.authorizationDetailsTypes.get(type)?.schema,
    { name: 'authorization_details', against: 'granted', error: 'invalid_authorization_details' },
  );
  return asked;
}
