import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  clientInformationResponse,
  FAPI_REGISTRATION_DEFAULTS,
  validateClientMetadata,
  validateClientUpdate,
  type ClientInformationResponse,
  type RegistrationPolicy,
} from '@ofs/dcr';
import { OAuthError } from '@ofs/oauth';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditOrigin, ClientChangeDetail } from '../audit/audit-event';
import { AuditEventRepository } from '../audit/audit-event.repository';
import type { ClientEntity } from '../clients/client.entity';
import { ClientRepository } from '../clients/client.repository';
import { isRegisteredMetadata } from '../clients/client-metadata';
import { ClientService } from '../clients/client.service';
import { randomToken, sameHash, sha256 } from '../common/hash';
import type { ServerContext } from '../servers/server-context';

/** RFC 7591 open dynamic registration and RFC 7592 management, per server. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly clients: ClientRepository,
    private readonly clientService: ClientService,
    private readonly audit: AuditEventRepository,
    /** For transactions only: the statements are the repositories'. */
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** RFC 7591: stores the client and its `client.registered` event in one transaction. */
  async register(
    server: ServerContext,
    body: unknown,
    now: Date,
    origin: AuditOrigin,
  ): Promise<ClientInformationResponse> {
    const metadata = await validateClientMetadata(body, policyOf(server));
    const clientId = randomToken(16);
    const registrationAccessToken = randomToken(32);
    const saved = await this.db.transaction(async (tx) => {
      const client = await this.clients.insert(tx, {
        clientId,
        serverPk: server.entity.id,
        metadata: { ...metadata },
        registrationAccessTokenHash: sha256(registrationAccessToken),
        system: false,
        createdAt: now,
      });
      await this.record('client.registered', server, client, now, origin, tx);
      return client;
    });
    return this.information(server, saved, registrationAccessToken);
  }

  /** RFC 7592 §2.1 / REG-11: the client, when the registration access token is its own; else 401. */
  async authorize(
    server: ServerContext,
    clientId: string,
    authorization: string | undefined,
  ): Promise<{ client: ClientEntity; token: string }> {
    const [scheme, token] = (authorization ?? '').split(' ', 2);
    const client = await this.clients.findForServer(server.entity.id, clientId);
    const valid =
      scheme?.toLowerCase() === 'bearer' &&
      token !== undefined &&
      client?.registrationAccessTokenHash != null &&
      sameHash(client.registrationAccessTokenHash, sha256(token));
    if (!valid || !client) {
      throw new OAuthError('invalid_token', 'invalid registration access token', {
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
    }
    return { client, token };
  }

  information(server: ServerContext, client: ClientEntity, registrationAccessToken: string): ClientInformationResponse {
    // Only registered clients hold a registration access token, and their metadata is registration's.
    if (!isRegisteredMetadata(client.metadata)) throw new Error(`client ${client.clientId} was not registered by DCR`);
    return clientInformationResponse(client.metadata, {
      client_id: client.clientId,
      client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
      registration_access_token: registrationAccessToken,
      registration_client_uri: `${server.issuer}/oauth2/register/${client.clientId}`,
    });
  }

  /** RFC 7592 §2.2: full replacement; a failed update changes nothing (REG-12). */
  async update(
    server: ServerContext,
    client: ClientEntity,
    body: unknown,
    token: string,
    now: Date,
    origin: AuditOrigin,
  ): Promise<ClientInformationResponse> {
    const metadata = await validateClientUpdate(body, { client_id: client.clientId }, policyOf(server));
    client.metadata = { ...metadata };
    const saved = await this.db.transaction(async (tx) => {
      const updated = await this.clients.save(tx, client);
      await this.record('client.updated', server, updated, now, origin, tx);
      return updated;
    });
    await this.clientService.changed(client.clientId);
    return this.information(server, saved, token);
  }

  /** RFC 7592 §2.3: the client and everything it holds (tokens, codes, pushed requests) are gone. */
  async delete(server: ServerContext, client: ClientEntity, now: Date, origin: AuditOrigin): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.clients.delete(tx, client.clientId);
      await this.record('client.deleted', server, client, now, origin, tx);
    });
    await this.clientService.changed(client.clientId);
  }

  private record(
    type: 'client.registered' | 'client.updated' | 'client.deleted',
    server: ServerContext,
    client: ClientEntity,
    now: Date,
    origin: AuditOrigin,
    tx: EntityManager,
  ): Promise<void> {
    const m = client.metadata;
    const detail: ClientChangeDetail = { via: 'registration' };
    if (typeof m.client_name === 'string') detail.client_name = m.client_name.slice(0, 200);
    if (typeof m.token_endpoint_auth_method === 'string')
      detail.token_endpoint_auth_method = m.token_endpoint_auth_method;
    if (typeof m.scope === 'string') detail.scope = m.scope;
    return this.audit.record(
      [
        {
          type,
          outcome: 'success',
          at: now,
          tenant: server.entity.tenant,
          serverId: server.entity.serverId,
          clientId: client.clientId,
          origin,
          detail,
        },
      ],
      tx,
    );
  }
}

export function policyOf(server: ServerContext): RegistrationPolicy {
  const s = server.entity.settings;
  return {
    ...FAPI_REGISTRATION_DEFAULTS,
    scopesSupported: s.scopes,
    defaultScopes: s.defaultScopes,
    systemScopes: s.systemScopes,
    authorizationDetailsTypes: [...server.authorizationDetailsTypes.keys()],
  };
}
