import { Injectable } from '@nestjs/common';
import { verifyDpopProof } from '@ofs/fapi';
import { OAuthError } from '@ofs/oauth';
import type { Request } from 'express';
import { noteCaller } from '../audit/audit-event';
import { presentedCertificate } from '../client-auth/client-certificate';
import { Clock } from '../common/clock';
import { PgReplayStore } from '../replay/pg-replay.store';
import type { ServerContext } from '../servers/server-context';
import { ServerRegistry } from '../servers/server-registry.service';
import type { TokenEntity } from '../token-store/token.entity';
import { TokenStore } from '../token-store/token-store.service';

const DPOP_ALGS = 'algs="PS256 ES256 EdDSA"';

/**
 * The server's own protected resources (userinfo, the system API) check access tokens like any FAPI 2.0
 * resource server: active, sender-constrained to the caller (RFC 9449 §7 with ath, or RFC 8705 §3), in scope.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly tokens: TokenStore,
    private readonly replay: PgReplayStore,
    private readonly clock: Clock,
  ) {}

  /**
   * `path` is under the server's issuer, or at the host's root when `atRoot` (the system API). `requiredScope`
   * null: any access token of a client will do (the caller decides what it may see).
   */
  async verify(
    req: Request,
    server: ServerContext,
    path: string,
    requiredScope: string | null,
    atRoot = false,
  ): Promise<TokenEntity> {
    const now = this.clock.now();
    const [scheme, value] = (req.headers.authorization ?? '').split(' ', 2);
    if (!scheme || !value || !/^(dpop|bearer)$/i.test(scheme))
      throw unauthorized('DPoP', 'access token required', false);
    const token = await this.tokens.findActive(server.entity.id, value, now);
    if (!token || token.kind !== 'access_token') throw unauthorized(scheme, 'invalid access token');
    noteCaller(req, token.clientId, false, server.entity.serverId);
    if (token.jkt) {
      if (scheme.toLowerCase() !== 'dpop')
        throw unauthorized('DPoP', 'a DPoP-bound token must be sent with the DPoP scheme');
      try {
        await verifyDpopProof({
          proof: req.headersDistinct.dpop,
          htm: req.method,
          htu: atRoot ? this.servers.rootUrl(req, path) : this.servers.endpointUrl(req, server, path),
          accessToken: value,
          expectedJkt: token.jkt,
          now,
          replay: this.replay,
        });
      } catch (e) {
        if (e instanceof OAuthError) throw unauthorized('DPoP', e.description, true, 'invalid_dpop_proof');
        throw e;
      }
    } else if (token.x5tS256) {
      const certificate = presentedCertificate(req);
      if (!certificate || certificate.thumbprint !== token.x5tS256) {
        throw unauthorized('Bearer', 'the token is bound to another client certificate');
      }
    } else {
      throw unauthorized(scheme, 'the token is not sender-constrained');
    }
    noteCaller(req, token.clientId, true, server.entity.serverId);
    if (requiredScope !== null && !token.scope.split(' ').includes(requiredScope)) {
      throw new OAuthError('insufficient_scope', `the access token was not granted ${requiredScope}`, {
        headers: {
          'WWW-Authenticate': `${token.jkt ? 'DPoP' : 'Bearer'} error="insufficient_scope", scope="${requiredScope}"`,
        },
      });
    }
    return token;
  }
}

/** RFC 6750 §3.1 / RFC 9449 §7.1: 401 with a challenge naming the scheme and the error. */
function unauthorized(scheme: string, description: string, withError = true, error = 'invalid_token'): OAuthError {
  const name = /^dpop$/i.test(scheme) ? 'DPoP' : 'Bearer';
  const params = [
    withError ? `error="${error}"` : '',
    // RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E (and an HTTP header is Latin-1 at most).
    withError ? `error_description="${description.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?')}"` : '',
    name === 'DPoP' ? DPOP_ALGS : '',
  ]
    .filter(Boolean)
    .join(', ');
  return new OAuthError('invalid_token', description, {
    status: 401,
    headers: { 'WWW-Authenticate': `${name}${params ? ` ${params}` : ''}` },
  });
}
