import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OAuthError } from '@ofs/oauth';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEventInput, AuditOrigin } from '../audit/audit-event';
import { AuditEventRepository } from '../audit/audit-event.repository';
import { Clock } from '../common/clock';
import { ServerRegistry } from '../servers/server-registry.service';
import { TokenStore } from '../token-store/token-store.service';
import { compileAttributeSchema, type AttributeValidator } from './attribute-schema';
import type { IdentityPoolEntity } from './identity-pool.entity';
import { IdentityPoolError, type InvalidRecordSample } from './identity-pool.error';
import { IdentityPoolRepository } from './identity-pool.repository';
import type { IdentityRecordEntity, RecordAttributes } from './identity-record.entity';
import { IdentityRecordRepository, type RecordCursor } from './identity-record.repository';
import { PasswordHasher } from './password-hash';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCHEMA_CHECK_BATCH = 500;
const SAMPLE_SIZE = 5;
const VALIDATOR_CACHE_SIZE = 100;

export interface NewPoolInput {
  poolId: string;
  description?: string;
  schema: Record<string, unknown>;
  consentsOfServer?: string;
}

export interface RecordInput {
  attributes: RecordAttributes;
  password?: string;
}

/** Who makes a change through the pools API: the caller's client and the server of its token, and the request. */
export interface PoolActor {
  clientId: string | null;
  serverId: string | null;
  origin: AuditOrigin;
}

export interface RecordPage {
  records: IdentityRecordEntity[];
  nextCursor?: string;
}

/**
 * The rules of identity pools: attributes valid against the pool's JSON Schema; a schema change only when every
 * record still validates; optimistic concurrency on records (a version, If-Match); and for consent pools, the
 * revocation of a consent's tokens in the transaction that revokes (or deletes) its record. Every write is one
 * transaction; the repositories take its EntityManager, so an audit event can join it later.
 */
@Injectable()
export class IdentityPoolService {
  private readonly validators = new Map<string, AttributeValidator>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly pools: IdentityPoolRepository,
    private readonly records: IdentityRecordRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenStore,
    private readonly servers: ServerRegistry,
    private readonly clock: Clock,
    private readonly audit: AuditEventRepository,
  ) {}

  async createPool(tenant: string, input: NewPoolInput, actor: PoolActor): Promise<IdentityPoolEntity> {
    compileAttributeSchema(input.schema);
    if (input.consentsOfServer !== undefined) await this.serverPk(tenant, input.consentsOfServer);
    const pool = await this.db.transaction(async (tx) => {
      const created = await this.pools.insert(tx, {
        tenant,
        poolId: input.poolId,
        description: input.description ?? '',
        schema: input.schema,
        consentsOfServer: input.consentsOfServer ?? null,
      });
      if (created)
        await this.audit.record(
          [
            {
              ...actorEvent(tenant, actor, this.clock.now()),
              type: 'identity_pool.created',
              detail: { pool_id: input.poolId, ...actorDetail(actor) },
            },
          ],
          tx,
        );
      return created;
    });
    if (!pool) throw new IdentityPoolError('conflict', `the tenant already has a pool ${input.poolId}`);
    return pool;
  }

  listPools(tenant: string): Promise<IdentityPoolEntity[]> {
    return this.pools.listForTenant(tenant);
  }

  async getPool(tenant: string, poolId: string, m?: EntityManager, lock?: 'share' | 'update') {
    const pool = await this.pools.find(tenant, poolId, m, lock);
    if (!pool) throw new IdentityPoolError('not_found', `no pool ${poolId} in tenant ${tenant}`);
    return pool;
  }

  /**
   * Replaces the schema when every record validates against it; otherwise 409 `schema-incompatible` with how many
   * records do not and a sample of them. The pool row is locked meanwhile, so no record write slips in between.
   */
  async changeSchema(
    tenant: string,
    poolId: string,
    schema: Record<string, unknown>,
    ifMatch: string | undefined,
    actor: PoolActor,
  ): Promise<IdentityPoolEntity> {
    const validate = compileAttributeSchema(schema);
    return this.db.transaction(async (tx) => {
      const pool = await this.getPool(tenant, poolId, tx, 'update');
      checkIfMatch(ifMatch, pool.schemaVersion, false);
      let count = 0;
      const sample: InvalidRecordSample[] = [];
      for (let after: string | null = null; ;) {
        const batch = await this.records.batchAfter(tx, pool.id, after, SCHEMA_CHECK_BATCH);
        for (const record of batch) {
          const errors = validate(record.attributes);
          if (!errors.length) continue;
          count++;
          if (sample.length < SAMPLE_SIZE) sample.push({ id: record.id, errors });
        }
        if (batch.length < SCHEMA_CHECK_BATCH) break;
        after = batch[batch.length - 1]!.id;
      }
      if (count)
        throw new IdentityPoolError(
          'schema_incompatible',
          `${count} record(s) of pool ${poolId} would not validate against the new schema; change them first`,
          { count, sample },
        );
      const changed = await this.pools.updateSchema(tx, pool.id, schema);
      await this.audit.record(
        [
          {
            ...actorEvent(tenant, actor, this.clock.now()),
            type: 'identity_pool.schema_changed',
            detail: { pool_id: poolId, schema_version: changed.schemaVersion, ...actorDetail(actor) },
          },
        ],
        tx,
      );
      return changed;
    });
  }

  async createRecord(
    tenant: string,
    poolId: string,
    input: RecordInput,
    actor: PoolActor,
  ): Promise<IdentityRecordEntity> {
    const passwordHash = input.password === undefined ? null : await this.hasher.hash(input.password);
    return this.db.transaction(async (tx) => {
      const pool = await this.getPool(tenant, poolId, tx, 'share');
      this.validate(pool, input.attributes);
      const now = this.clock.now();
      const record = await this.records.insert(tx, pool.id, randomUUID(), {
        attributes: input.attributes,
        passwordHash,
        now,
      });
      await this.audit.record([recordEvent('identity_record.created', pool, record, actor, now)], tx);
      return record;
    });
  }

  async getRecord(tenant: string, poolId: string, id: string): Promise<IdentityRecordEntity> {
    const pool = await this.getPool(tenant, poolId);
    const record = UUID.test(id) ? await this.records.find(pool.id, id) : null;
    if (!record) throw new IdentityPoolError('not_found', `no record ${id} in pool ${poolId}`);
    return record;
  }

  /** Replaces the attributes (PUT) or merges a patch into them (PATCH, RFC 7396); If-Match is required. */
  async updateRecord(
    tenant: string,
    poolId: string,
    id: string,
    ifMatch: string | undefined,
    change: { replace?: RecordAttributes; mergePatch?: RecordAttributes; password?: string },
    actor: PoolActor,
  ): Promise<IdentityRecordEntity> {
    const passwordHash = change.password === undefined ? undefined : await this.hasher.hash(change.password);
    return this.db.transaction(async (tx) => {
      const { pool, record } = await this.locked(tx, tenant, poolId, id);
      checkIfMatch(ifMatch, record.version, true);
      const attributes = change.replace ?? mergePatch(record.attributes, change.mergePatch ?? {});
      this.validate(pool, attributes);
      const now = this.clock.now();
      await this.consentRules(tx, pool, record, attributes, now, actor);
      const updated = await this.records.update(tx, pool.id, id, { attributes, passwordHash, now });
      await this.audit.record([recordEvent('identity_record.updated', pool, updated, actor, now)], tx);
      return updated;
    });
  }

  /** Deletes the record (If-Match checked when given); a consent record's tokens are revoked with it. */
  async deleteRecord(
    tenant: string,
    poolId: string,
    id: string,
    ifMatch: string | undefined,
    actor: PoolActor,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { pool, record } = await this.locked(tx, tenant, poolId, id);
      checkIfMatch(ifMatch, record.version, false);
      const now = this.clock.now();
      await this.consentRules(tx, pool, record, null, now, actor);
      await this.records.delete(tx, pool.id, id);
      await this.audit.record([recordEvent('identity_record.deleted', pool, record, actor, now)], tx);
    });
  }

  async searchRecords(
    tenant: string,
    poolId: string,
    filters: ReadonlyArray<readonly [string, string]>,
    cursor: string | undefined,
    limit: number,
  ): Promise<RecordPage> {
    const pool = await this.getPool(tenant, poolId);
    const after = cursor === undefined ? null : decodeCursor(cursor);
    const rows = await this.records.search(pool.id, filters, after, limit + 1);
    const records = rows.slice(0, limit);
    const last = records[records.length - 1];
    return rows.length > limit && last ? { records, nextCursor: encodeCursor(last) } : { records };
  }

  private async locked(tx: EntityManager, tenant: string, poolId: string, id: string) {
    const pool = await this.getPool(tenant, poolId, tx, 'share');
    const record = UUID.test(id) ? await this.records.find(pool.id, id, tx, true) : null;
    if (!record) throw new IdentityPoolError('not_found', `no record ${id} in pool ${poolId}`);
    return { pool, record };
  }

  /**
   * Consent pools: a revoked consent stays revoked; the consent's tokens and unredeemed codes are revoked when its
   * status becomes `revoked` or its record is deleted (`after` null), in the caller's transaction.
   */
  private async consentRules(
    tx: EntityManager,
    pool: IdentityPoolEntity,
    before: IdentityRecordEntity,
    after: RecordAttributes | null,
    now: Date,
    actor: PoolActor,
  ): Promise<void> {
    const server = pool.consentsOfServer;
    if (!server) return;
    const wasRevoked = before.attributes.status === 'revoked';
    if (wasRevoked && after && after.status !== 'revoked')
      throw new IdentityPoolError('conflict', 'a revoked consent stays revoked: create a new consent instead');
    if (wasRevoked || (after && after.status !== 'revoked')) return;
    const attributes = after ?? before.attributes;
    await this.tokens.revokeConsent(await this.serverPk(pool.tenant, server), before.id, now, tx, (revoked) => ({
      type: 'consent.tokens_revoked',
      outcome: 'success',
      at: now,
      tenant: pool.tenant,
      serverId: server,
      clientId: stringAttribute(attributes, 'client_id'),
      subject: stringAttribute(attributes, 'subject'),
      consentId: before.id,
      origin: actor.origin,
      detail: { via: 'identity_pool', revoked_tokens: revoked, pool_id: pool.poolId, ...actorDetail(actor) },
    }));
  }

  private async serverPk(tenant: string, serverId: string): Promise<string> {
    try {
      return (await this.servers.resolve(tenant, serverId)).entity.id;
    } catch (e) {
      if (e instanceof OAuthError && e.status === 404)
        throw new IdentityPoolError('unprocessable', `no server ${serverId} in tenant ${tenant}`);
      throw e;
    }
  }

  private validate(pool: IdentityPoolEntity, attributes: RecordAttributes): void {
    const key = `${pool.id}:${pool.schemaVersion}`;
    let validator = this.validators.get(key);
    if (!validator) {
      if (this.validators.size >= VALIDATOR_CACHE_SIZE) this.validators.clear();
      validator = compileAttributeSchema(pool.schema);
      this.validators.set(key, validator);
    }
    const errors = validator(attributes);
    if (errors.length)
      throw new IdentityPoolError('invalid_attributes', `the attributes do not validate against pool ${pool.poolId}`, {
        errors,
      });
  }
}

/** A pool change made by the caller: recorded under its client and its token's server. */
function actorEvent(tenant: string, actor: PoolActor, at: Date) {
  return {
    outcome: 'success' as const,
    at,
    tenant,
    serverId: actor.serverId,
    clientId: actor.clientId,
    origin: actor.origin,
  };
}

function actorDetail(actor: PoolActor): { actor_client_id?: string } {
  return actor.clientId ? { actor_client_id: actor.clientId } : {};
}

function stringAttribute(attributes: RecordAttributes, name: string): string | null {
  const value = attributes[name];
  return typeof value === 'string' ? value.slice(0, 256) : null;
}

/**
 * A record change. A consent pool's record is a consent of its server: recorded under that server, the consent's
 * client and subject, with consent_id the record id (the consent's timeline); other records under the caller.
 */
function recordEvent(
  type: 'identity_record.created' | 'identity_record.updated' | 'identity_record.deleted',
  pool: IdentityPoolEntity,
  record: IdentityRecordEntity,
  actor: PoolActor,
  at: Date,
): AuditEventInput {
  const status = pool.consentsOfServer ? stringAttribute(record.attributes, 'status') : null;
  const detail = {
    pool_id: pool.poolId,
    record_id: record.id,
    ...(type === 'identity_record.deleted' ? {} : { version: record.version }),
    ...(status ? { status } : {}),
    ...actorDetail(actor),
  };
  if (!pool.consentsOfServer)
    return {
      ...actorEvent(pool.tenant, actor, at),
      type,
      subject: stringAttribute(record.attributes, 'username'),
      detail,
    };
  return {
    type,
    outcome: 'success',
    at,
    tenant: pool.tenant,
    serverId: pool.consentsOfServer,
    clientId: stringAttribute(record.attributes, 'client_id'),
    subject: stringAttribute(record.attributes, 'subject'),
    consentId: record.id,
    origin: actor.origin,
    detail,
  };
}

/** `"<version>"`: a record's or a pool's strong entity tag (RFC 9110 §8.8.3). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** RFC 9110 §13.1.1 If-Match: `*` or a list of strong tags; 412 when none is current, 428 when required and absent. */
function checkIfMatch(header: string | undefined, version: number, required: boolean): void {
  if (header === undefined || header.trim() === '') {
    if (required)
      throw new IdentityPoolError('precondition_required', 'send If-Match with the ETag of the version you read');
    return;
  }
  if (header.trim() === '*') return;
  const tags = header.split(',').map((t) => t.trim());
  if (!tags.includes(etagOf(version)))
    throw new IdentityPoolError(
      'precondition_failed',
      `the resource changed since you read it (current ETag ${etagOf(version)}): read it again and reapply your change`,
    );
}

/** RFC 7396 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): RecordAttributes {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch as RecordAttributes;
  const result: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    // defineProperty: a "__proto__" member stays a member.
    else
      Object.defineProperty(result, key, {
        value: mergePatch(result[key], value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return result;
}

function encodeCursor(record: IdentityRecordEntity): string {
  return Buffer.from(JSON.stringify([record.createdAt.toISOString(), record.id])).toString('base64url');
}

function decodeCursor(cursor: string): RecordCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = new Date(String(createdAt));
    if (typeof createdAt === 'string' && !Number.isNaN(date.getTime()) && typeof id === 'string' && UUID.test(id))
      return { createdAt: date, id };
  } catch {
    // falls through to the problem below
  }
  throw new IdentityPoolError('bad_request', 'cursor is not one this API handed out');
}
