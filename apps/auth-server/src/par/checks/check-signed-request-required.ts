// RFC 9101 §10.5 require_signed_request_object (server and client metadata), FAPI2-MS 5.3.1-1: no `request`, no PAR (PAR-19).
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkSignedRequestRequired: ParCheck = ({ form, client, server }) => {
  if (form.request !== undefined) return;
  if (server.entity.settings.requireSignedRequestObject === true) {
    throw new OAuthError('invalid_request', 'this server requires a signed request object (request)');
  }
  if (client.metadata.require_signed_request_object === true) {
    throw new OAuthError('invalid_request', 'this client registered require_signed_request_object: send request');
  }
};
