// RFC 9126 §2.1: the request MUST NOT contain request_uri (PAR-11).
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkNoRequestUri: ParCheck = ({ params }) => {
  if (params.request_uri !== undefined)
    throw new OAuthError('invalid_request', 'request_uri is not allowed at the PAR endpoint');
};
