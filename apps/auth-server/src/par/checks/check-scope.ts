// RFC 6749 §3.3: the requested scope must be among the client's registered scopes.
import { OAuthError } from '@ofs/oauth';
import { grantableScope } from '../../clients/client-scope';
import type { ParCheck } from './par-check';

export const checkScope: ParCheck = ({ params, client }) => {
  grantableScope(client, params.scope ?? '');
  if (!params.scope?.trim() && params.authorization_details === undefined) {
    throw new OAuthError('invalid_scope', 'the request asks for neither scope nor authorization_details');
  }
};
