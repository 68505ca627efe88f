// RFC 9126 §2.1: the request MUST NOT contain request_uri (PAR-11); inside a request object, RFC 9101 §4 refuses it.
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkNoRequestUri: ParCheck = ({ form }) => {
  if (form.request_uri !== undefined)
    throw new OAuthError('invalid_request', 'request_uri is not allowed at the PAR endpoint');
};
