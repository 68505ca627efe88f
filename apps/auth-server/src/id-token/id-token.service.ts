import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import type { ClientEntity } from '../clients/client.entity';
import { PoolIdentityProvider, type IdentityClaims } from '../identity/pool-identity-provider';
import { SERVER_SIGNING_ALGS, SigningKeyService, type ServerSigningAlg } from '../keys/signing-key.service';
import type { ServerContext } from '../servers/server-context';

export interface IdTokenInput {
  server: ServerContext;
  client: ClientEntity;
  subject: string;
  scope: string[];
  authTime: Date;
  nonce?: string | null;
  accessToken: string;
  now: Date;
  /** The subject's claims when the caller has just read them (null: no such user); else they are looked up. */
  user?: IdentityClaims | null;
}

/** OIDC Core §2 ID tokens, signed with the client's registered alg (default PS256) and a kid (TOKEN-02, JWKS-06). */
@Injectable()
export class IdTokenService {
  constructor(
    private readonly keys: SigningKeyService,
    private readonly idp: PoolIdentityProvider,
  ) {}

  async issue(input: IdTokenInput): Promise<string> {
    const registered = input.client.metadata.id_token_signed_response_alg;
    const alg: ServerSigningAlg = SERVER_SIGNING_ALGS.includes(registered as ServerSigningAlg)
      ? (registered as ServerSigningAlg)
      : 'PS256';
    const key = await this.keys.signingKey(input.server.entity.id, alg);
    const iat = Math.floor(input.now.getTime() / 1000);
    const claims: Record<string, unknown> = {
      auth_time: Math.floor(input.authTime.getTime() / 1000),
      at_hash: leftHalfHash(input.accessToken, alg),
      ...(input.user !== undefined
        ? claimsByScope(input.user, input.scope)
        : await this.identityClaims(input.server, input.subject, input.scope)),
    };
    if (input.nonce) claims.nonce = input.nonce;
    return new SignJWT(claims)
      .setProtectedHeader({ alg, kid: key.kid, typ: 'JWT' })
      .setIssuer(input.server.issuer)
      .setSubject(input.subject)
      .setAudience(input.client.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + input.server.entity.settings.idTokenTtlSeconds)
      .sign(key.key);
  }

  /** OIDC Core §5.4: claims by scope. */
  async identityClaims(server: ServerContext, subject: string, scope: string[]): Promise<Record<string, unknown>> {
    return claimsByScope(await this.idp.claimsOf(server, subject), scope);
  }
}

/** OIDC Core §5.4: the user's claims the scope asks for. */
function claimsByScope(user: IdentityClaims | null, scope: string[]): Record<string, unknown> {
  if (!user) return {};
  const claims: Record<string, unknown> = {};
  if (scope.includes('email')) Object.assign(claims, { email: user.email, email_verified: user.email_verified });
  if (scope.includes('profile'))
    Object.assign(claims, { name: user.name, given_name: user.given_name, family_name: user.family_name });
  return claims;
}

/** OIDC Core §3.1.3.6 at_hash: left half of the hash that matches the alg (SHA-512 for EdDSA/Ed25519). */
function leftHalfHash(value: string, alg: ServerSigningAlg): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256')
    .update(value)
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
