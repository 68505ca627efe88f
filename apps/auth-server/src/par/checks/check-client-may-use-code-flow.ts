// RFC 6749 §4.1, RFC 7591 §2: only clients registered for authorization_code push authorization requests.
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkClientMayUseCodeFlow: ParCheck = ({ client }) => {
  const grants = client.metadata.grant_types ?? [];
  if (!grants.includes('authorization_code')) {
    throw new OAuthError('unauthorized_client', 'the client is not registered for authorization_code');
  }
};
