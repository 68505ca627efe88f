// RFC 7592 §2.2: the client MUST NOT send registration_access_token, registration_client_uri, client_id_issued_at
// or client_secret_expires_at in an update (REG-12); this server issues no client_secret that could be echoed.
import { OAuthError } from '@ofs/oauth';

const READ_ONLY_MEMBERS = [
  'registration_access_token',
  'registration_client_uri',
  'client_id_issued_at',
  'client_secret_expires_at',
  'client_secret',
] as const;

/**
 * invalid_request rather than silently ignoring them: the rule is a MUST on the client, and the OIDF suite
 * (CreateClientConfigurationRequestFromDynamicClientRegistrationResponse) strips them before its PUT.
 * Members sent as JSON null count as omitted (RFC 7592 §2.2).
 */
export function checkUpdateReadOnlyMembers(body: Readonly<Record<string, unknown>>): void {
  const member = READ_ONLY_MEMBERS.find((m) => body[m] !== undefined && body[m] !== null);
  if (member) throw new OAuthError('invalid_request', `${member} must not be included in a client update request`);
}
