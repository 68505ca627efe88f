import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEventInput } from '../audit/audit-event';
import { AuditEventRepository } from '../audit/audit-event.repository';
import { CacheEvents } from '../cache/cache-events.service';
import type { ServerEntity } from '../servers/server.entity';
import type { SigningKeyEntity } from './signing-key.entity';
import { SigningKeyRepository } from './signing-key.repository';

/** FAPI 2.0 SP §5.4.1: the algorithms the servers sign with. The first one is the default. */
export const SERVER_SIGNING_ALGS = ['PS256', 'ES256', 'EdDSA'] as const;
export type ServerSigningAlg = (typeof SERVER_SIGNING_ALGS)[number];

/** How long a retired key stays published: longer than anything it may have signed lives. */
export const RETIRED_KEY_PUBLISHED_MS = 24 * 60 * 60 * 1000;

export interface ActiveKey {
  kid: string;
  alg: ServerSigningAlg;
  key: CryptoKey;
}

interface ServerKeys {
  active: Map<string, ActiveKey>;
  jwks: { keys: JWK[] };
  until: number;
}

const CACHE_TTL_MS = 5_000;

/** The servers' signing keys (generated with jose, kid = RFC 7638 thumbprint), their JWKS and rotation. */
@Injectable()
export class SigningKeyService {
  private readonly cache = new Map<string, ServerKeys>();

  constructor(
    private readonly keys: SigningKeyRepository,
    /** For transactions only: the statements are the repositories'. */
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: CacheEvents,
    private readonly audit: AuditEventRepository,
  ) {
    events.on('keys', (serverPk) => (serverPk === undefined ? this.cache.clear() : this.cache.delete(serverPk)));
  }

  /** Makes sure the server has one active key per algorithm. */
  async ensureActiveKeys(server: ServerEntity): Promise<void> {
    const existing = await this.keys.listActive(server.id);
    for (const alg of SERVER_SIGNING_ALGS) {
      if (!existing.some((k) => k.alg === alg)) await this.create(server.id, alg);
    }
    this.cache.delete(server.id);
  }

  /**
   * Publishes a new key for `alg` and retires the old one, which stays in the JWKS for a day; `event` makes the
   * audit event (`key.rotated`) from the new kid, written in the same transaction.
   */
  async rotate(server: ServerEntity, alg: ServerSigningAlg, event?: (kid: string) => AuditEventInput): Promise<string> {
    const kid = await this.db.transaction(async (tx) => {
      await this.keys.retireActive(tx, server.id, alg, new Date());
      const created = (await this.create(server.id, alg, tx)).kid;
      if (event) await this.audit.record([event(created)], tx);
      return created;
    });
    // Every process signs with the new key and publishes it in its JWKS.
    await this.events.publish('keys', server.id);
    return kid;
  }

  async signingKey(serverPk: string, alg: ServerSigningAlg): Promise<ActiveKey> {
    const key = (await this.load(serverPk)).active.get(alg);
    if (!key) throw new Error(`server ${serverPk} has no active ${alg} key`);
    return key;
  }

  /** Public keys only (JWKS-02), each with kid, alg and use (JWKS-03, JWKS-05). */
  async jwks(serverPk: string): Promise<{ keys: JWK[] }> {
    return (await this.load(serverPk)).jwks;
  }

  private async load(serverPk: string): Promise<ServerKeys> {
    const cached = this.cache.get(serverPk);
    if (cached && cached.until > Date.now()) return cached;
    const rows = await this.keys.listForServer(serverPk);
    const cutoff = Date.now() - RETIRED_KEY_PUBLISHED_MS;
    const published = rows.filter((r) => r.status === 'active' || (r.retiredAt && r.retiredAt.getTime() > cutoff));
    const active = new Map<string, ActiveKey>();
    for (const row of rows.filter((r) => r.status === 'active')) {
      if (active.has(row.alg)) continue;
      active.set(row.alg, {
        kid: row.kid,
        alg: row.alg as ServerSigningAlg,
        key: (await importJWK(row.privateJwk, row.alg)) as CryptoKey,
      });
    }
    const loaded: ServerKeys = {
      active,
      jwks: { keys: published.map((r) => r.publicJwk) },
      until: Date.now() + CACHE_TTL_MS,
    };
    this.cache.set(serverPk, loaded);
    return loaded;
  }

  private async create(serverPk: string, alg: ServerSigningAlg, m?: EntityManager): Promise<SigningKeyEntity> {
    const { publicKey, privateKey } = await generateKeyPair(
      alg,
      alg === 'PS256' ? { modulusLength: 2048, extractable: true } : { extractable: true },
    );
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
    const privateJwk = await exportJWK(privateKey);
    return this.keys.insert(
      {
        serverPk,
        kid,
        alg,
        status: 'active',
        publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
        privateJwk: { ...privateJwk, kid, alg },
        retiredAt: null,
      },
      m,
    );
  }
}
