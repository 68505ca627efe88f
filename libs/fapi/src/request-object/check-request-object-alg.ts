// FAPI2-SP 5.4.1, RFC 9101 §10.2, OIDC DCR §2 request_object_signing_alg: PS256, ES256 or EdDSA; never none, HS*, RS256 (PAR-20).
import { assertFapiAlg } from '../algorithms';
import type { RequestObjectCheck } from './request-object-context';

export const checkRequestObjectAlg: RequestObjectCheck = ({ header }, { allowedAlgs }) =>
  assertFapiAlg(header.alg, 'invalid_request_object', 'request object', allowedAlgs);
