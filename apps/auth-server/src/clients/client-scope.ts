import { OAuthError } from '@ofs/oauth';
import type { ClientEntity } from './client.entity';

/** RFC 6749 §3.3: a client may request only scopes it registered for; omitted means all of them. */
export function grantableScope(client: ClientEntity, requested: string | undefined): string[] {
  const registered = (client.metadata.scope ?? '').split(' ').filter(Boolean);
  if (requested === undefined) return registered;
  const asked = [...new Set(requested.split(' ').filter(Boolean))];
  const refused = asked.filter((s) => !registered.includes(s));
  if (refused.length) throw new OAuthError('invalid_scope', `scope not allowed for this client: ${refused.join(' ')}`);
  return asked;
}
