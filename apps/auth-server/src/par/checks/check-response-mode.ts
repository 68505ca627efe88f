// OAuth 2.0 Multiple Response Types §2.1: only the query response mode is offered (discovery response_modes_supported).
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkResponseMode: ParCheck = ({ params }) => {
  if (params.response_mode !== undefined && params.response_mode !== 'query') {
    throw new OAuthError('invalid_request', `response_mode ${params.response_mode} is not supported`);
  }
};
