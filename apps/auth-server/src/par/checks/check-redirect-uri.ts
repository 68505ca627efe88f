// FAPI2-SP 5.3.2.2-6 and -8, RFC 9126 §2.4: redirect_uri is required and must exactly match a registered one (PAR-15, PAR-16).
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkRedirectUri: ParCheck = ({ params, client }) => {
  const redirectUri = params.redirect_uri;
  if (redirectUri === undefined) throw new OAuthError('invalid_request', 'missing parameter redirect_uri');
  const registered = client.metadata.redirect_uris ?? [];
  if (!registered.includes(redirectUri)) {
    throw new OAuthError('invalid_request', 'redirect_uri is not registered for this client');
  }
};
