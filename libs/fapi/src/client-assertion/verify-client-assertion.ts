// RFC 7523 §3 + RFC 7521 §4.2 + FAPI2-SP 5.3.2.1: private_key_jwt client authentication, as an ordered list of checks.
import type { ReplayStore } from '../replay-store';
import { checkAssertionAlg } from './check-assertion-alg';
import { checkAssertionAudience } from './check-assertion-audience';
import { checkAssertionExpiry } from './check-assertion-expiry';
import { checkAssertionIssuedAt } from './check-assertion-issued-at';
import { checkAssertionJti } from './check-assertion-jti';
import { checkAssertionReplay } from './check-assertion-replay';
import { checkAssertionSignature, type ClientKeys } from './check-assertion-signature';
import { checkAssertionSubject } from './check-assertion-subject';
import { checkAssertionType } from './check-assertion-type';
import { invalidClient, type ClientAssertionCheck, type ClientAssertionContext } from './client-assertion-context';
import { parseClientAssertion } from './parse-client-assertion';

export interface VerifyClientAssertionInput {
  /** The `client_assertion` form parameter. */
  assertion: string | undefined;
  /** The `client_assertion_type` form parameter. */
  assertionType: string | undefined;
  /** The `client_id` form parameter, if sent (oauth4webapi sends it, the OIDF suite does not). */
  clientIdParam?: string;
  /** The issuer identifier (RFC 8414): the only accepted `aud`, also at PAR and at mTLS aliases. */
  issuer: string;
  /** The registered keys of a client, or `null` when there is no such client. */
  getClientKeys: (clientId: string) => Promise<ClientKeys | null>;
  now: Date;
  /** How far `iat`/`nbf` may be in the future and `exp` in the past. Default 10 s (FAPI2-SP 5.3.2.1-13). */
  clockToleranceSec?: number;
  /** The furthest `exp` may be from now, and the oldest `iat` may be. Default 300 s. */
  maxLifetimeSec?: number;
  replay: ReplayStore;
}

export interface VerifiedClientAssertion {
  clientId: string;
  jti: string;
  /** Seconds since the epoch. */
  exp: number;
  kid?: string;
}

/** Checks on the decoded assertion, in order; then the client's keys are looked up and the signature checked. */
export const CLIENT_ASSERTION_CHECKS: readonly ClientAssertionCheck[] = [
  checkAssertionAlg,
  checkAssertionSubject,
  checkAssertionAudience,
  checkAssertionExpiry,
  checkAssertionIssuedAt,
  checkAssertionJti,
];

export const CLIENT_ASSERTION_DEFAULTS = { clockToleranceSec: 10, maxLifetimeSec: 300 } as const;

/** Every failure is OAuthError `invalid_client` (401) with the jose error, if any, in `detail`. */
export async function verifyClientAssertion(input: VerifyClientAssertionInput): Promise<VerifiedClientAssertion> {
  const { assertion, now, replay } = input;
  const clockToleranceSec = input.clockToleranceSec ?? CLIENT_ASSERTION_DEFAULTS.clockToleranceSec;
  checkAssertionType(assertion, input.assertionType);
  const { header, claims } = parseClientAssertion(assertion);
  const ctx: ClientAssertionContext = {
    header,
    claims,
    issuer: input.issuer,
    clientIdParam: input.clientIdParam,
    nowSec: Math.floor(now.getTime() / 1000),
    clockToleranceSec,
    maxLifetimeSec: input.maxLifetimeSec ?? CLIENT_ASSERTION_DEFAULTS.maxLifetimeSec,
  };
  for (const check of CLIENT_ASSERTION_CHECKS) check(ctx);

  // The checks above guarantee these types.
  const clientId = claims.sub as string;
  const jti = claims.jti as string;
  const exp = claims.exp as number;
  const keys = await input.getClientKeys(clientId);
  if (!keys) throw invalidClient('unknown client', `no client ${clientId}`);
  await checkAssertionSignature(assertion, keys, now, clockToleranceSec);
  await checkAssertionReplay(replay, clientId, jti, exp, clockToleranceSec);
  return { clientId, jti, exp, ...(typeof header.kid === 'string' ? { kid: header.kid } : {}) };
}
