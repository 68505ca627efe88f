import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ClientKeys } from '@ofs/fapi';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet } from 'jose';
import type { Repository } from 'typeorm';
import { CacheEvents } from '../cache/cache-events.service';
import { TtlCache } from '../cache/ttl-cache';
import { ClientEntity } from './client.entity';

/** How long a process trusts its copy of a client without hearing of a change (CacheEvents tells it sooner). */
export const CLIENT_CACHE_TTL_MS = 5_000;
const CLIENT_CACHE_SIZE = 10_000;

/**
 * Registered clients of a server, and their verification keys (jwks by value, or a cached jwks_uri).
 * Clients are read on every authenticated request, so they are cached for a few seconds with their keys
 * already imported; RFC 7592 updates and deletes are announced through CacheEvents. The entities handed out
 * are shared: callers must not modify them (load a fresh one through a repository to change a client).
 */
@Injectable()
export class ClientService {
  private readonly cache = new TtlCache<ClientEntity | null>(CLIENT_CACHE_TTL_MS, CLIENT_CACHE_SIZE);
  /** Keys of a cached entity: jose's local JWKS imports each key once and keeps it. */
  private readonly localKeys = new WeakMap<ClientEntity, ClientKeys>();
  private readonly remoteKeys = new Map<string, ClientKeys>();

  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    private readonly events: CacheEvents,
  ) {
    events.on('client', (clientId) => {
      if (clientId === undefined) {
        this.cache.clear();
        this.remoteKeys.clear();
        return;
      }
      this.cache.clear((key) => key.endsWith(` ${clientId}`));
      for (const key of this.remoteKeys.keys()) if (key.startsWith(`${clientId} `)) this.remoteKeys.delete(key);
    });
  }

  /** The client, only if it belongs to this server: clients of another bank do not exist here. */
  findForServer(serverPk: string, clientId: string): Promise<ClientEntity | null> {
    return this.cache.get(
      `${serverPk} ${clientId}`,
      () => this.clients.findOneBy({ serverPk, clientId }),
      // A client registered a moment ago in another process must be found at once: misses are not kept.
      (client) => client !== null,
    );
  }

  keysOf(client: ClientEntity): ClientKeys | null {
    const { jwks, jwks_uri: jwksUri } = client.metadata as { jwks?: JSONWebKeySet; jwks_uri?: string };
    if (jwks) {
      let keys = this.localKeys.get(client);
      if (!keys) {
        keys = { getKey: createLocalJWKSet(jwks) };
        this.localKeys.set(client, keys);
      }
      return keys;
    }
    if (!jwksUri) return null;
    const cacheKey = `${client.clientId} ${jwksUri}`;
    let keys = this.remoteKeys.get(cacheKey);
    if (!keys) {
      keys = { getKey: createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 5000, cooldownDuration: 30_000 }) };
      this.remoteKeys.set(cacheKey, keys);
    }
    return keys;
  }

  /** After a client changed or was deleted: every process forgets its copy and its keys. */
  changed(clientId: string): Promise<void> {
    return this.events.publish('client', clientId);
  }
}
