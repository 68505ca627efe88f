import { Injectable } from '@nestjs/common';
import { OAuthError } from '@ofs/oauth';
import type { Request } from 'express';
import { AccessTokenVerifier } from '../resource/access-token-verifier.service';
import { ServerRegistry } from '../servers/server-registry.service';
import type { TokenEntity } from '../token-store/token.entity';
import { TokenStore } from '../token-store/token-store.service';

/**
 * Pools belong to a tenant, not to one server: the tenant-wide system API accepts an access token issued by any
 * server of that tenant, checked by that server exactly as its own system API checks it (active, sender-constrained
 * by DPoP with `ath` or by the client certificate, holding `scope`). A token of another tenant is not valid here.
 */
@Injectable()
export class TenantSystemTokens {
  constructor(
    private readonly tokens: TokenStore,
    private readonly servers: ServerRegistry,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async verify(req: Request, tenant: string, scope: string): Promise<TokenEntity> {
    const [scheme, value] = (req.headers.authorization ?? '').split(' ', 2);
    if (!scheme || !value || !/^(dpop|bearer)$/i.test(scheme)) throw challenge('DPoP', 'access token required', false);
    const issuer = await this.tokens.issuerOf(value);
    if (!issuer || issuer.tenant !== tenant) throw challenge(scheme, 'invalid access token');
    const server = await this.servers.resolve(issuer.tenant, issuer.serverId);
    return this.verifier.verify(req, server, req.path, scope, true);
  }
}

/** RFC 6750 §3.1 / RFC 9449 §7.1, as AccessTokenVerifier answers. */
function challenge(scheme: string, description: string, withError = true): OAuthError {
  const name = /^dpop$/i.test(scheme) ? 'DPoP' : 'Bearer';
  const params = [
    withError ? `error="invalid_token", error_description="${description}"` : '',
    name === 'DPoP' ? 'algs="PS256 ES256 EdDSA"' : '',
  ]
    .filter(Boolean)
    .join(', ');
  return new OAuthError('invalid_token', description, {
    status: 401,
    headers: { 'WWW-Authenticate': `${name}${params ? ` ${params}` : ''}` },
  });
}
