import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  clientInformationResponse,
  FAPI_REGISTRATION_DEFAULTS,
  validateClientMetadata,
  validateClientUpdate,
  type ClientInformationResponse,
  type RegisteredClientMetadata,
  type RegistrationPolicy,
} from '@ofs/dcr';
import { OAuthError } from '@ofs/oauth';
import type { Repository } from 'typeorm';
import { ClientEntity } from '../clients/client.entity';
import { ClientService } from '../clients/client.service';
import { randomToken, sameHash, sha256 } from '../common/hash';
import type { ServerContext } from '../servers/server-context';

/** RFC 7591 open dynamic registration and RFC 7592 management, per server. */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    private readonly clientService: ClientService,
  ) {}

  async register(server: ServerContext, body: unknown, now: Date): Promise<ClientInformationResponse> {
    const metadata = await validateClientMetadata(body, policyOf(server));
    const clientId = randomToken(16);
    const registrationAccessToken = randomToken(32);
    const saved = await this.clients.save(
      this.clients.create({
        clientId,
        serverPk: server.entity.id,
        metadata: { ...metadata },
        registrationAccessTokenHash: sha256(registrationAccessToken),
        system: false,
        createdAt: now,
      }),
    );
    return this.information(server, saved, registrationAccessToken);
  }

  /** RFC 7592 §2.1 / REG-11: the client, when the registration access token is its own; else 401. */
  async authorize(
    server: ServerContext,
    clientId: string,
    authorization: string | undefined,
  ): Promise<{ client: ClientEntity; token: string }> {
    const [scheme, token] = (authorization ?? '').split(' ', 2);
    const client = await this.clients.findOneBy({ serverPk: server.entity.id, clientId });
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
    // Stored only after validateClientMetadata/validateClientUpdate accepted it.
    return clientInformationResponse(client.metadata as unknown as RegisteredClientMetadata, {
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
  ): Promise<ClientInformationResponse> {
    const metadata = await validateClientUpdate(body, { client_id: client.clientId }, policyOf(server));
    client.metadata = { ...metadata };
    const saved = await this.clients.save(client);
    await this.clientService.changed(client.clientId);
    return this.information(server, saved, token);
  }

  /** RFC 7592 §2.3: the client and everything it holds (tokens, codes, pushed requests) are gone. */
  async delete(client: ClientEntity): Promise<void> {
    await this.clients.delete({ clientId: client.clientId });
    await this.clientService.changed(client.clientId);
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
