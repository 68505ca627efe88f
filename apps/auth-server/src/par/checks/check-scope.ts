// RFC 6749 §3.3: the requested scope must be among the client's registered scopes.
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkScope: ParCheck = ({ params, client }) => {
  const registered = String(client.metadata.scope ?? '').split(' ');
  const requested = (params.scope ?? '').split(' ').filter(Boolean);
  const refused = requested.filter((s) => !registered.includes(s));
  if (refused.length) throw new OAuthError('invalid_scope', `scope not allowed for this client: ${refused.join(' ')}`);
  if (requested.length === 0 && params.authorization_details === undefined) {
    throw new OAuthError('invalid_scope', 'the request asks for neither scope nor authorization_details');
  }
};
