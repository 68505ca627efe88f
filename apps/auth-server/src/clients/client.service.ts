import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ClientKeys } from '@ofs/fapi';
import { createRemoteJWKSet, type JSONWebKeySet } from 'jose';
import type { Repository } from 'typeorm';
import { ClientEntity } from './client.entity';

/** Registered clients of a server, and their verification keys (jwks by value, or a cached jwks_uri). */
@Injectable()
export class ClientService {
  private readonly remoteKeys = new Map<string, ClientKeys>();

  constructor(@InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>) {}

  /** The client, only if it belongs to this server: clients of another bank do not exist here. */
  async findForServer(serverPk: string, clientId: string): Promise<ClientEntity | null> {
    return this.clients.findOneBy({ serverPk, clientId });
  }

  keysOf(client: ClientEntity): ClientKeys | null {
    const { jwks, jwks_uri: jwksUri } = client.metadata as { jwks?: JSONWebKeySet; jwks_uri?: string };
    if (jwks) return { jwks };
    if (!jwksUri) return null;
    const cacheKey = `${client.clientId} ${jwksUri}`;
    let keys = this.remoteKeys.get(cacheKey);
    if (!keys) {
      keys = { getKey: createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 5000, cooldownDuration: 30_000 }) };
      this.remoteKeys.set(cacheKey, keys);
    }
    return keys;
  }

  forgetKeys(clientId: string): void {
    for (const key of this.remoteKeys.keys()) if (key.startsWith(`${clientId} `)) this.remoteKeys.delete(key);
  }
}
