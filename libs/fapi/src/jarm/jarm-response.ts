// JARM (FAPI JWT Secured Authorization Response Mode) §2.1-§2.3, FAPI2-MS 5.4: the authorization response as a signed JWT (AUTHZ-17).
import { SignJWT, type CryptoKey } from 'jose';
import type { FapiSigningAlg } from '../algorithms';

/** JARM §2.3: `jwt` is `query.jwt` for the code flow; the fragment and form_post variants are not offered. */
export const JARM_RESPONSE_MODES = ['jwt', 'query.jwt'] as const;

export function isJarmResponseMode(mode: string | undefined): boolean {
  return (JARM_RESPONSE_MODES as readonly string[]).includes(mode ?? '');
}

/** JARM §2.1 / FAPI2-MS 5.4: at most 10 minutes; 5 leaves room for a slow browser and skewed clocks. */
export const JARM_LIFETIME_SEC = 300;

export interface JarmSigningKey {
  alg: FapiSigningAlg;
  kid: string;
  key: CryptoKey;
}

export interface JarmResponseInput {
  issuer: string;
  clientId: string;
  /** The authorization response parameters: `code` and `state`, or `error`, `error_description` and `state`. */
  values: Record<string, string | undefined>;
  now: Date;
  key: JarmSigningKey;
  lifetimeSec?: number;
}

/** JARM §2.1: `iss`, `aud` (the client_id), `exp` (and `iat`), plus the response parameters; signed with a `kid`. */
export function signJarmResponse(input: JarmResponseInput): Promise<string> {
  const iat = Math.floor(input.now.getTime() / 1000);
  const values = Object.fromEntries(Object.entries(input.values).filter(([, value]) => value !== undefined));
  return new SignJWT(values)
    .setProtectedHeader({ alg: input.key.alg, kid: input.key.kid })
    .setIssuer(input.issuer)
    .setAudience(input.clientId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (input.lifetimeSec ?? JARM_LIFETIME_SEC))
    .sign(input.key.key);
}
