export { FAPI_SIGNING_ALGS, assertFapiAlg, isFapiSigningAlg, type FapiSigningAlg } from './algorithms';
export { InMemoryReplayStore, type ReplayStore } from './replay-store';
export { JWT_BEARER_CLIENT_ASSERTION_TYPE } from './client-assertion/client-assertion-context';
export { ClientKeysError, type ClientKeys } from './client-assertion/check-assertion-signature';
export {
  CLIENT_ASSERTION_DEFAULTS,
  verifyClientAssertion,
  type VerifiedClientAssertion,
  type VerifyClientAssertionInput,
} from './client-assertion/verify-client-assertion';
export { DpopNonceService, type DpopNonceCheck, type DpopNonceServiceOptions } from './dpop/dpop-nonce';
export { normalizeHtu } from './dpop/normalize-htu';
export {
  DPOP_PROOF_DEFAULTS,
  verifyDpopProof,
  type VerifiedDpopProof,
  type VerifyDpopProofInput,
} from './dpop/verify-dpop-proof';
export { PKCE_METHOD_S256, validateCodeChallenge } from './pkce/validate-code-challenge';
export { verifyCodeVerifier } from './pkce/verify-code-verifier';
export {
  REQUEST_OBJECT_CLAIM_CHECKS,
  REQUEST_OBJECT_DEFAULTS,
  REQUEST_OBJECT_HEADER_CHECKS,
  verifyRequestObject,
  type VerifyRequestObjectInput,
} from './request-object/verify-request-object';
export {
  JARM_LIFETIME_SEC,
  JARM_RESPONSE_MODES,
  isJarmResponseMode,
  signJarmResponse,
  type JarmResponseInput,
  type JarmSigningKey,
} from './jarm/jarm-response';
