// OAuth 2.0 Multiple Response Types §2.1 and JARM §2.3.1: query, or the signed jwt / query.jwt (discovery response_modes_supported).
import { isJarmResponseMode } from '@ofs/fapi';
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkResponseMode: ParCheck = ({ params }) => {
  const mode = params.response_mode;
  if (mode !== undefined && mode !== 'query' && !isJarmResponseMode(mode)) {
    throw new OAuthError('invalid_request', `response_mode ${mode} is not supported, use query, jwt or query.jwt`);
  }
};
