import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OAuthError } from '@ofs/oauth';
import { publicUrl, RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import type { AuthServerEnv } from '../config/auth-server.env';
import { SigningKeyService } from '../keys/signing-key.service';
import { SANDBOX_PKI_LAYOUT } from '@ofs/pki';
import { compileAuthorizationDetailsSchema } from '@ofs/oauth';
import { AuthorizationDetailsTypeRepository } from '../authorization-details/authorization-details-type.repository';
import { CacheEvents } from '../cache/cache-events.service';
import { ClientRepository } from '../clients/client.repository';
import {
  APP_CLIENT_SEEDS,
  SERVER_SEEDS,
  SYSTEM_CLIENT_SEEDS,
  type ServerSeed,
  type SystemClientSeed,
} from './seed-servers';
import { SYSTEM_SCOPES, type ServerSettings } from './server-settings';
import type { ServerAuthorizationDetailsType, ServerContext } from './server-context';
import type { ServerEntity } from './server.entity';
import { ServerRepository } from './server.repository';

const CACHE_TTL_MS = 5_000;

/** Finds a server by tenant and id (seeding the sandbox's servers on first start) and knows its URLs. */
@Injectable()
export class ServerRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger(ServerRegistry.name);
  private readonly cache = new Map<string, { context: ServerContext; until: number }>();
  readonly baseUrl: string;
  readonly mtlsBaseUrl: string;
  private readonly mtlsPort: number;
  private readonly env: AuthServerEnv;

  constructor(
    private readonly servers: ServerRepository,
    private readonly clients: ClientRepository,
    private readonly keys: SigningKeyService,
    @Inject(RUNTIME_CONFIG) config: RuntimeConfig<AuthServerEnv>,
    private readonly events: CacheEvents,
    private readonly detailsTypes: AuthorizationDetailsTypeRepository,
  ) {
    events.on('server', (key) => (key === undefined ? this.cache.clear() : this.cache.delete(key)));
    this.baseUrl = publicUrl(config.env, config.env.AUTH_SERVER_PORT);
    this.mtlsBaseUrl = publicUrl(config.env, config.env.AUTH_SERVER_MTLS_PORT);
    this.mtlsPort = config.env.AUTH_SERVER_MTLS_PORT;
    this.env = config.env;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const seed of SERVER_SEEDS) {
      const created = await this.servers.insertIfAbsent({
        tenant: seed.tenant,
        serverId: seed.serverId,
        name: seed.name,
        settings: this.seedSettings(seed),
      });
      if (created && seed.authorizationDetailsTypes) await this.detailsTypes.seed(created);
    }
    const servers = await this.servers.listAll();
    for (const server of servers) {
      await this.keys.ensureActiveKeys(server);
      await this.addNewSettings(server);
      await this.addConsentPage(server);
      await this.addNewSystemScopes(server);
    }
    for (const seed of SYSTEM_CLIENT_SEEDS) {
      const server = servers.find((s) => s.tenant === 'obgeneric' && s.serverId === seed.serverId);
      const subject = SANDBOX_PKI_LAYOUT.clients.find((c) => c.name === seed.certificate)?.subject;
      if (!server || !subject) continue;
      await this.clients.insertIfAbsent({
        clientId: seed.clientId,
        serverPk: server.id,
        system: true,
        registrationAccessTokenHash: null,
        metadata: {
          client_name: seed.name,
          grant_types: ['client_credentials'],
          response_types: [],
          redirect_uris: [],
          token_endpoint_auth_method: 'tls_client_auth',
          tls_client_auth_subject_dn: subject,
          tls_client_certificate_bound_access_tokens: true,
          scope: seed.scope,
        },
      });
      await this.addSeededScopes(server.id, seed);
    }
    for (const seed of APP_CLIENT_SEEDS) {
      const server = servers.find((s) => s.tenant === 'obgeneric' && s.serverId === seed.serverId);
      const subject = SANDBOX_PKI_LAYOUT.clients.find((c) => c.name === seed.certificate)?.subject;
      if (!server || !subject) continue;
      await this.clients.insertIfAbsent({
        clientId: seed.clientId,
        serverPk: server.id,
        system: false,
        registrationAccessTokenHash: null,
        metadata: {
          ...seed.metadata,
          redirect_uris: [`${publicUrl(this.env, this.env[seed.redirectPort])}/auth/callback`],
          tls_client_auth_subject_dn: subject,
        },
      });
    }
  }

  /** Seeds reach sandboxes initialised before them: settings added since then get the seed's value (none changed). */
  private async addNewSettings(server: ServerEntity): Promise<void> {
    const seed = SERVER_SEEDS.find((s) => s.tenant === server.tenant && s.serverId === server.serverId);
    if (!seed || Object.keys(seed.settings).every((key) => key in server.settings)) return;
    server.settings = { ...seed.settings, ...server.settings };
    await this.servers.updateSettings(server.id, server.settings);
  }

  /** A seed's settings, with its bank's consent page as this sandbox's ports place it. */
  private seedSettings(seed: ServerSeed): ServerSettings {
    if (!seed.consentPagePort) return seed.settings;
    return { ...seed.settings, consentPageUrl: publicUrl(this.env, this.env[seed.consentPagePort]) };
  }

  /**
   * Sandboxes initialised before the banks had consent pages gain them: a bank server without a consent_page_url
   * gets its bank's (one set or cleared through the admin API is kept).
   */
  private async addConsentPage(server: ServerEntity): Promise<void> {
    const seed = SERVER_SEEDS.find((s) => s.tenant === server.tenant && s.serverId === server.serverId);
    // Absent only in sandboxes from before the banks' pages; null is an operator's choice of the built-in page.
    if (!seed?.consentPagePort || 'consentPageUrl' in server.settings) return;
    server.settings = { ...server.settings, consentPageUrl: this.seedSettings(seed).consentPageUrl };
    await this.servers.updateSettings(server.id, server.settings);
  }

  /** Seeds reach sandboxes initialised before them: system scopes added to the sandbox since then. */
  private async addNewSystemScopes(server: ServerEntity): Promise<void> {
    const missing = SYSTEM_SCOPES.filter((s) => !server.settings.systemScopes.includes(s));
    if (!missing.length) return;
    server.settings = { ...server.settings, systemScopes: [...server.settings.systemScopes, ...missing] };
    await this.servers.updateSettings(server.id, server.settings);
  }

  /** A seeded system client gains the scopes its seed has gained since it was created (none is taken away). */
  private async addSeededScopes(serverPk: string, seed: SystemClientSeed): Promise<void> {
    const client = await this.clients.findSystemClient(serverPk, seed.clientId);
    if (!client) return;
    const held = (client.metadata.scope ?? '').split(' ').filter(Boolean);
    const missing = seed.scope.split(' ').filter((s) => !held.includes(s));
    if (!missing.length) return;
    await this.clients.updateMetadata(client.clientId, { ...client.metadata, scope: [...held, ...missing].join(' ') });
  }

  /** The server, or a 404 `invalid_request` for an unknown tenant or server. */
  async resolve(tenant: string, serverId: string): Promise<ServerContext> {
    const key = `${tenant}/${serverId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > Date.now()) return cached.context;
    const entity = await this.servers.findByTenant(tenant, serverId);
    if (!entity) throw new OAuthError('invalid_request', `Unknown server ${key}`, { status: 404 });
    const types = new Map<string, ServerAuthorizationDetailsType>();
    for (const { type, schema } of await this.detailsTypes.listForServer(entity.id)) {
      try {
        types.set(type, { type, schema, validate: compileAuthorizationDetailsSchema(schema) });
      } catch (e) {
        // Accepted by the admin API, so only a validator upgrade gets here: the type is not offered until fixed.
        this.logger.error({ err: e, server: key, type }, 'authorization_details type schema does not compile');
      }
    }
    const context: ServerContext = {
      entity,
      issuer: `${this.baseUrl}/${entity.tenant}/${entity.serverId}`,
      mtlsBase: `${this.mtlsBaseUrl}/${entity.tenant}/${entity.serverId}`,
      authorizationDetailsTypes: types,
    };
    this.cache.set(key, { context, until: Date.now() + CACHE_TTL_MS });
    return context;
  }

  /** The URL of one of the server's endpoints as this request reached it (the mutual-TLS alias or not). */
  endpointUrl(req: { socket: { localPort?: number } }, server: ServerContext, path: string): string {
    const viaMtls = req.socket.localPort === this.mtlsPort;
    return `${viaMtls ? server.mtlsBase : server.issuer}${path}`;
  }

  /** A URL at the root of the host this request reached (the system API is not under an issuer). */
  rootUrl(req: { socket: { localPort?: number } }, path: string): string {
    return `${req.socket.localPort === this.mtlsPort ? this.mtlsBaseUrl : this.baseUrl}${path}`;
  }

  /** After a server's settings changed: every process reloads it. */
  changed(tenant: string, serverId: string): Promise<void> {
    return this.events.publish('server', `${tenant}/${serverId}`);
  }
}
