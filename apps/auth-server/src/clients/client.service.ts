import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ClientKeys } from '@ofs/fapi';
import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet } from 'jose';
import type { Repository } from 'typeorm';
import { CacheEvents } from '../cache/cache-events.service';
import { TtlCache } from '../cache/ttl-cache';
import { ClientEntity } from './client.entity';

/** How long a process trusts its copy of a client without hearing of a change (CacheEvents tells it sooner). */
export const CLIENT_CACHE_TTL_MS = 5_000;
const CLIENT_CACHE_SIZE = 10_000;
const RELOAD_INTERVAL_MS = 1_000;

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
  /** When a client was last re-read for an unknown key: a stream of assertions with a bad kid reads it once a second. */
  private readonly reloaded = new Map<string, number>();

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
        const local = createLocalJWKSet(jwks);
        keys = {
          getKey: async (header, token) => {
            try {
              return await local(header, token);
            } catch (error) {
              // The key may be one registered a moment ago through another process, whose notification is still
              // on its way: look at the stored client once before refusing.
              if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
              const fresh = await this.reload(client);
              const freshKeys = fresh && fresh !== client ? this.keysOf(fresh) : null;
              if (!freshKeys || !('getKey' in freshKeys)) throw error;
              return freshKeys.getKey(header, token);
            }
          },
        };
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

  /** The client as stored now (cached again), unless the cached copy is a moment old (at most once a second). */
  private async reload(client: ClientEntity): Promise<ClientEntity | null> {
    const key = `${client.serverPk} ${client.clientId}`;
    const last = this.reloaded.get(key) ?? 0;
    if (Date.now() - last < RELOAD_INTERVAL_MS) return null;
    this.reloaded.set(key, Date.now());
    if (this.reloaded.size > CLIENT_CACHE_SIZE) this.reloaded.delete(this.reloaded.keys().next().value!);
    this.cache.delete(key);
    return this.findForServer(client.serverPk, client.clientId);
  }

  /** After a client changed or was deleted: every process forgets its copy and its keys. */
  changed(clientId: string): Promise<void> {
    return this.events.publish('client', clientId);
  }
}
