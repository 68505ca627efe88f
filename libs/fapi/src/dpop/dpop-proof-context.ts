// RFC 9449 §4.3: what every DPoP proof check sees, and the errors they raise (§7.1, §12.2).
import { calculateJwkThumbprint, type JWK, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { OAuthError } from '@ofs/oauth';
import type { FapiSigningAlg } from '../algorithms';
import type { ReplayStore } from '../replay-store';
import type { DpopNonceCheck } from './dpop-nonce';

export interface ParsedDpopProof {
  readonly compact: string;
  /** Decoded; the signature is checked by checkDpopSignature. */
  readonly header: ProtectedHeaderParameters;
  readonly claims: JWTPayload;
}

export interface DpopCheckContext {
  /** The request method, e.g. `POST`. */
  readonly htm: string;
  /** The normalised URL of the endpoint that received the request (normalizeHtu). */
  readonly htu: string;
  readonly accessToken?: string;
  readonly expectedJkt?: string;
  readonly nonce?: DpopNonceCheck;
  readonly now: Date;
  /** Seconds since the epoch. */
  readonly nowSec: number;
  readonly clockToleranceSec: number;
  readonly maxAgeSec: number;
  readonly allowedAlgs: readonly FapiSigningAlg[];
  readonly replay: ReplayStore;
}

export type DpopProofCheck = (proof: ParsedDpopProof, ctx: DpopCheckContext) => void | Promise<void>;

/**
 * RFC 9449 §11.1: a proof carrying a valid server nonce is as fresh as the nonce, whatever its `iat` says
 * (nonces exist for clients whose clocks are off).
 */
export function carriesValidNonce({ claims }: ParsedDpopProof, { nonce, now }: DpopCheckContext): boolean {
  return nonce !== undefined && typeof claims.nonce === 'string' && nonce.isValid(claims.nonce, now);
}

export function invalidDpopProof(description: string, detail?: string): OAuthError {
  return new OAuthError('invalid_dpop_proof', description, { detail });
}

const thumbprints = new WeakMap<ParsedDpopProof, Promise<string>>();

/** RFC 7638 SHA-256 thumbprint of the proof's `jwk` (RFC 9449 §6.1 `jkt`); computed once per proof. */
export function dpopJkt(proof: ParsedDpopProof): Promise<string> {
  let jkt = thumbprints.get(proof);
  if (!jkt) {
    jkt = calculateJwkThumbprint(proof.header.jwk as JWK, 'sha256');
    thumbprints.set(proof, jkt);
  }
  return jkt;
}
