// FAPI2-SP 5.3.2.2-1, RFC 6749 §3.1.1: response_type is required and only `code` is supported (PAR-14, PAR-27).
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkResponseType: ParCheck = ({ params }) => {
  if (params.response_type === undefined) throw new OAuthError('invalid_request', 'missing parameter response_type');
  if (params.response_type !== 'code') {
    throw new OAuthError('unsupported_response_type', 'only response_type=code is supported');
  }
};
