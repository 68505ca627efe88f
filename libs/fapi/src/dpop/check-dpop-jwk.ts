// RFC 9449 §4.3 (7), §4.2: the jwk header is an asymmetric public key, without any private key member.
import { invalidDpopProof, type ParsedDpopProof } from './dpop-proof-context';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];

export function checkDpopJwk({ header }: ParsedDpopProof): void {
  const jwk: unknown = header.jwk;
  if (jwk === undefined) throw invalidDpopProof('DPoP proof has no jwk header');
  if (
    typeof jwk !== 'object' ||
    jwk === null ||
    Array.isArray(jwk) ||
    typeof (jwk as { kty?: unknown }).kty !== 'string'
  ) {
    throw invalidDpopProof('DPoP proof jwk header must be a JSON Web Key');
  }
  if ((jwk as { kty: string }).kty === 'oct' || PRIVATE_MEMBERS.some((member) => Object.hasOwn(jwk, member))) {
    throw invalidDpopProof('DPoP proof jwk header must be a public key');
  }
}
