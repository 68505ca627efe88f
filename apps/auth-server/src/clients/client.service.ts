import { Inject, Injectable } from '@nestjs/common';
import type { ClientKeys } from '@ofs/fapi';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import { createLocalJWKSet, errors } from 'jose';
import { CacheEvents } from '../cache/cache-events.service';
import { TtlCache } from '../cache/ttl-cache';
import type { AuthServerEnv } from '../config/auth-server.env';
import type { ClientEntity } from './client.entity';
import { ClientRepository } from './client.repository';
import { RemoteClientKeys } from './remote-client-keys';
import { REMOTE_JWKS_LIMITS } from './remote-jwks';

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
  private readonly remoteKeys: RemoteClientKeys;
  /** When a client was last re-read for an unknown key: a stream of assertions with a bad kid reads it once a second. */
  private readonly reloaded = new Map<string, number>();

  constructor(
    private readonly clients: ClientRepository,
    private readonly events: CacheEvents,
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig<AuthServerEnv>,
  ) {
    const { env } = config;
    this.remoteKeys = new RemoteClientKeys({
      ...REMOTE_JWKS_LIMITS,
      ca: config.tls.ca,
      policy: {
        allowPrivate: env.JWKS_URI_ALLOW_PRIVATE_NETWORKS === 'true',
        allowLoopback: isLoopback(env.BIND_HOST),
        internalPorts: [env.AUTH_SERVER_PORT, env.AUTH_SERVER_MTLS_PORT, env.SANDBOX_PG_PORT],
      },
    });
    events.on('client', (clientId) => {
      this.cache.clear(clientId === undefined ? undefined : (key) => key.endsWith(` ${clientId}`));
      this.remoteKeys.forget(clientId);
    });
  }

  /** The client, only if it belongs to this server: clients of another bank do not exist here. */
  findForServer(serverPk: string, clientId: string): Promise<ClientEntity | null> {
    return this.cache.get(
      `${serverPk} ${clientId}`,
      () => this.clients.findForServer(serverPk, clientId),
      // A client registered a moment ago in another process must be found at once: misses are not kept.
      (client) => client !== null,
    );
  }

  keysOf(client: ClientEntity): ClientKeys | null {
    const { jwks, jwks_uri: jwksUri } = client.metadata;
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
    return jwksUri ? this.remoteKeys.keysOf(client.clientId, jwksUri) : null;
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

/** While the sandbox listens on loopback only, a TPP developer's keys may be served on the same laptop. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
