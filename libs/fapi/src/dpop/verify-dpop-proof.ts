// RFC 9449 §4.3 (checks 1-12) + §11.1 + FAPI2-SP 5.3.2.1 / 5.4: a DPoP proof, as an ordered list of checks.
import type { JWK } from 'jose';
import { FAPI_SIGNING_ALGS, type FapiSigningAlg } from '../algorithms';
import type { ReplayStore } from '../replay-store';
import { checkDpopAlg } from './check-dpop-alg';
import { checkDpopAth } from './check-dpop-ath';
import { checkDpopHtm } from './check-dpop-htm';
import { checkDpopHtu } from './check-dpop-htu';
import { checkDpopIat } from './check-dpop-iat';
import { checkDpopJwk } from './check-dpop-jwk';
import { checkDpopKeyBinding } from './check-dpop-key-binding';
import { checkDpopNonce } from './check-dpop-nonce';
import { checkDpopReplay } from './check-dpop-replay';
import { checkDpopRequiredClaims } from './check-dpop-required-claims';
import { checkDpopSignature } from './check-dpop-signature';
import { checkDpopTyp } from './check-dpop-typ';
import type { DpopNonceCheck } from './dpop-nonce';
import { dpopJkt, type DpopCheckContext, type DpopProofCheck } from './dpop-proof-context';
import { normalizeHtu } from './normalize-htu';
import { parseDpopProof } from './parse-dpop-proof';

export interface VerifyDpopProofInput {
  /** The raw `DPoP` request header value(s). */
  proof: string | readonly string[] | undefined;
  /** The request method. */
  htm: string;
  /** The URL of the endpoint that received the request (the mTLS alias when called there); query is ignored. */
  htu: string;
  /** At resource servers: the access token, so that `ath` is required and checked. */
  accessToken?: string;
  /** The token's `cnf.jkt`, or the code's `dpop_jkt` / PAR proof thumbprint. */
  expectedJkt?: string;
  /** Server nonces (optional, FAPI2-SP 5.3.2.1-10). */
  nonce?: DpopNonceCheck;
  now: Date;
  /** How far `iat`/`nbf` may be in the future and `exp` in the past. Default 10 s (FAPI2-SP 5.3.2.1-13). */
  clockToleranceSec?: number;
  /** The oldest acceptable `iat`. Default 60 s. */
  maxAgeSec?: number;
  replay: ReplayStore;
  /** A subset of the FAPI algorithms; default all of them. */
  allowedAlgs?: readonly FapiSigningAlg[];
}

export interface VerifiedDpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof key, for `cnf.jkt`. */
  jkt: string;
  jti: string;
  /** The public key from the proof header. */
  jwk: JWK;
}

/** After parsing (§4.3 (1)(2)), in order. */
export const DPOP_PROOF_CHECKS: readonly DpopProofCheck[] = [
  checkDpopRequiredClaims, // §4.3 (3)
  checkDpopTyp, // §4.3 (4)
  checkDpopAlg, // §4.3 (5)
  checkDpopJwk, // §4.3 (7), before (6) so that only a public key reaches the verifier
  checkDpopSignature, // §4.3 (6)
  checkDpopHtm, // §4.3 (8)
  checkDpopHtu, // §4.3 (9)
  checkDpopNonce, // §4.3 (10)
  checkDpopIat, // §4.3 (11)
  checkDpopAth, // §4.3 (12) ath
  checkDpopKeyBinding, // §4.3 (12) key, §10.1
  checkDpopReplay, // §11.1, last: only a proof that passed everything uses up its jti
];

export const DPOP_PROOF_DEFAULTS = { clockToleranceSec: 10, maxAgeSec: 60 } as const;

/**
 * Failures are OAuthError `invalid_dpop_proof` (400) or, for a missing/stale nonce, `use_dpop_nonce` (400)
 * with a `DPoP-Nonce` header. Resource servers map both to 401 with a `WWW-Authenticate: DPoP` challenge.
 */
export async function verifyDpopProof(input: VerifyDpopProofInput): Promise<VerifiedDpopProof> {
  const htu = normalizeHtu(input.htu);
  if (htu === undefined) throw new TypeError(`Not an absolute http(s) URL: ${input.htu}`);
  const proof = parseDpopProof(input.proof);
  const ctx: DpopCheckContext = {
    htm: input.htm,
    htu,
    accessToken: input.accessToken,
    expectedJkt: input.expectedJkt,
    nonce: input.nonce,
    now: input.now,
    nowSec: Math.floor(input.now.getTime() / 1000),
    clockToleranceSec: input.clockToleranceSec ?? DPOP_PROOF_DEFAULTS.clockToleranceSec,
    maxAgeSec: input.maxAgeSec ?? DPOP_PROOF_DEFAULTS.maxAgeSec,
    allowedAlgs: input.allowedAlgs ?? FAPI_SIGNING_ALGS,
    replay: input.replay,
  };
  for (const check of DPOP_PROOF_CHECKS) await check(proof, ctx);
  return { jkt: await dpopJkt(proof), jti: proof.claims.jti as string, jwk: proof.header.jwk as JWK };
}
