import type { X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { verifyClientAssertion } from '@ofs/fapi';
import { OAuthError } from '@ofs/oauth';
import { normalizeDn } from '@ofs/pki';
import type { Request } from 'express';
import { noteCaller } from '../audit/audit-event';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { ClientService } from '../clients/client.service';
import type { ClientEntity } from '../clients/client.entity';
import { Clock } from '../common/clock';
import { PgReplayStore } from '../replay/pg-replay.store';
import type { ServerContext } from '../servers/server-context';
import type { AuthenticatedClient, ClientAuthMethod } from './authenticated-client';
import { presentedCertificate, type PresentedCertificate } from './client-certificate';

const SECRET_PARAMETERS = ['client_secret'];
const SECRETS_REFUSED = 'client secrets are not accepted: use private_key_jwt or mutual TLS';

/**
 * Client authentication at the token, PAR, introspection and revocation endpoints (FAPI2-SP 5.3.2.1-3:
 * private_key_jwt or mutual TLS only). Every failure is `invalid_client` (401).
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly clients: ClientService,
    private readonly replay: PgReplayStore,
    private readonly clock: Clock,
  ) {}

  async authenticate(
    req: Request,
    params: Record<string, string>,
    server: ServerContext,
  ): Promise<AuthenticatedClient> {
    const authenticated = await this.authenticateClient(req, params, server);
    noteCaller(req, authenticated.client.clientId, true, server.entity.serverId); // refusals from here name it
    return authenticated;
  }

  private async authenticateClient(
    req: Request,
    params: Record<string, string>,
    server: ServerContext,
  ): Promise<AuthenticatedClient> {
    if (/^basic(\s|$)/i.test(req.headers.authorization ?? '')) {
      // RFC 6749 §5.2: a failed authentication through the Authorization header is a 401 naming its scheme (TOKEN-14).
      throw new OAuthError('invalid_client', SECRETS_REFUSED, {
        headers: { 'WWW-Authenticate': `Basic realm="${server.issuer}"` },
      });
    }
    if (SECRET_PARAMETERS.some((p) => p in params)) throw new OAuthError('invalid_client', SECRETS_REFUSED);
    const certificate = presentedCertificate(req);
    const certificateThumbprint = certificate?.thumbprint;
    if (params.client_assertion !== undefined || params.client_assertion_type !== undefined) {
      const client = await this.privateKeyJwt(params, server);
      return { client, method: 'private_key_jwt', certificateThumbprint };
    }
    if (certificate && params.client_id) {
      const { client, method } = await this.mutualTls(params.client_id, certificate, server);
      return { client, method, certificateThumbprint };
    }
    throw new OAuthError('invalid_client', 'client authentication is required (private_key_jwt or mutual TLS)');
  }

  private async privateKeyJwt(params: Record<string, string>, server: ServerContext): Promise<ClientEntity> {
    let found: ClientEntity | null = null;
    const verified = await verifyClientAssertion({
      assertion: params.client_assertion,
      assertionType: params.client_assertion_type,
      clientIdParam: params.client_id,
      issuer: server.issuer,
      now: this.clock.now(),
      replay: this.replay,
      getClientKeys: async (clientId) => {
        found = await this.clients.findForServer(server.entity.id, clientId);
        if (!found) return null;
        requireMethod(found, 'private_key_jwt');
        return this.clients.keysOf(found);
      },
    });
    if (!found || (found as ClientEntity).clientId !== verified.clientId) {
      throw new OAuthError('invalid_client', 'unknown client');
    }
    return found;
  }

  private async mutualTls(
    clientId: string,
    certificate: PresentedCertificate,
    server: ServerContext,
  ): Promise<{ client: ClientEntity; method: ClientAuthMethod }> {
    const client = await this.clients.findForServer(server.entity.id, clientId);
    if (!client) throw new OAuthError('invalid_client', 'unknown client');
    const method = client.metadata.token_endpoint_auth_method;
    if (method === 'tls_client_auth') {
      if (!certificate.chainsToTrustedCa) {
        throw new OAuthError('invalid_client', 'the client certificate does not chain to a trusted CA');
      }
      if (!matchesRegisteredSubject(client, certificate)) {
        throw new OAuthError('invalid_client', 'the client certificate does not match the registered subject');
      }
      return { client, method };
    }
    if (method === 'self_signed_tls_client_auth') {
      if (!(await matchesRegisteredKey(client, certificate.x509))) {
        throw new OAuthError('invalid_client', 'the client certificate is not one of the registered keys');
      }
      return { client, method };
    }
    throw new OAuthError('invalid_client', `the client is registered for ${method}, not mutual TLS`);
  }
}

function requireMethod(client: ClientEntity, method: ClientAuthMethod): void {
  if (client.metadata.token_endpoint_auth_method !== method) {
    throw new OAuthError('invalid_client', `the client is not registered for ${method}`);
  }
}

/** RFC 8705 §2.1.2: exactly one registered subject attribute, compared with the presented certificate. */
function matchesRegisteredSubject(client: ClientEntity, certificate: PresentedCertificate): boolean {
  const m = client.metadata;
  if (m.tls_client_auth_subject_dn)
    return normalizeDn(m.tls_client_auth_subject_dn) === certificate.normalizedSubjectDn;
  const sans = (certificate.x509.subjectAltName ?? '').split(', ');
  if (m.tls_client_auth_san_dns) return sans.includes(`DNS:${m.tls_client_auth_san_dns}`);
  if (m.tls_client_auth_san_uri) return sans.includes(`URI:${m.tls_client_auth_san_uri}`);
  if (m.tls_client_auth_san_ip) return sans.includes(`IP Address:${m.tls_client_auth_san_ip}`);
  if (m.tls_client_auth_san_email) return sans.includes(`email:${m.tls_client_auth_san_email}`);
  return false;
}

/** RFC 8705 §2.2: the certificate's public key is one of the client's registered keys. */
async function matchesRegisteredKey(client: ClientEntity, x509: X509Certificate): Promise<boolean> {
  const jwks = client.metadata.jwks?.keys ?? [];
  const presented = await calculateJwkThumbprint(await exportJWK(x509.publicKey));
  for (const key of jwks) {
    const { kty, crv, x, y, n, e } = key;
    if ((await calculateJwkThumbprint({ kty, crv, x, y, n, e } as JWK)) === presented) return true;
  }
  return false;
}
