import { checkAuthorizationDetails } from './check-authorization-details';
import { checkClientMayUseCodeFlow } from './check-client-may-use-code-flow';
import { checkLengths } from './check-lengths';
import { checkNoRequestUri } from './check-no-request-uri';
import { checkPkce } from './check-pkce';
import { checkRedirectUri } from './check-redirect-uri';
import { checkResponseMode } from './check-response-mode';
import { checkResponseType } from './check-response-type';
import { checkScope } from './check-scope';
import { checkSignedRequestRequired } from './check-signed-request-required';
import type { ParCheck } from './par-check';

/** RFC 9126 §2.1 request validation, in order; FAPI 2.0 rules are rows of this list. */
export const PAR_CHECKS: readonly ParCheck[] = [
  checkNoRequestUri,
  checkSignedRequestRequired,
  checkClientMayUseCodeFlow,
  checkResponseType,
  checkRedirectUri,
  checkPkce,
  checkResponseMode,
  checkScope,
  checkAuthorizationDetails,
  checkLengths,
];

export type { ParCheck, ParCheckContext } from './par-check';
