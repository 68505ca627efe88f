// RFC 9101 §6 and FAPI 2.0 Message Signing §5.3.1: what every request-object check sees, and the error they raise.
import type { JWTPayload, ProtectedHeaderParameters } from 'jose';
import { OAuthError } from '@ofs/oauth';
import type { FapiSigningAlg } from '../algorithms';

export interface ParsedRequestObject {
  readonly compact: string;
  /** Decoded; the signature is checked by checkRequestObjectSignature. */
  readonly header: ProtectedHeaderParameters;
  readonly claims: JWTPayload;
}

export interface RequestObjectContext {
  /** The authorization server's issuer identifier: `aud` must be it, or contain it. */
  readonly issuer: string;
  /** The client that authenticated at the PAR endpoint. */
  readonly clientId: string;
  /** The client's `request_object_signing_alg`, when registered; else any FAPI algorithm. */
  readonly allowedAlgs: readonly FapiSigningAlg[];
  /** Seconds since the epoch. */
  readonly nowSec: number;
  /** How far `nbf` may be in the future and `exp` in the past. */
  readonly clockToleranceSec: number;
  /** FAPI2-MS 5.3.1-3/-4: the longest `exp − nbf`, and the oldest `nbf` (seconds). */
  readonly maxLifetimeSec: number;
}

export type RequestObjectCheck = (object: ParsedRequestObject, ctx: RequestObjectContext) => void | Promise<void>;

/** RFC 9101 §6.3: a request object that fails validation is `invalid_request_object` (400). */
export function invalidRequestObject(description: string, detail?: string): OAuthError {
  return new OAuthError('invalid_request_object', description, { detail });
}

/** A NumericDate claim (RFC 7519 §2) that must be present. */
export function numericDate(claims: JWTPayload, name: 'exp' | 'nbf'): number {
  const value = claims[name];
  if (value === undefined) throw invalidRequestObject(`request object has no ${name}`);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalidRequestObject(`request object ${name} must be a number`);
  return value;
}
