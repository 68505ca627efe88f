// RFC 9101 / FAPI2-MS 5.3.1: signed request objects (JAR) are not offered yet (discovery says request_parameter_supported false).
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

export const checkNoRequestObject: ParCheck = ({ params }) => {
  if (params.request !== undefined) {
    throw new OAuthError('invalid_request_object', 'this server does not accept signed request objects (request)');
  }
};
