import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { entityFromRow } from '../common/entity-from-row';
import { preparedQuery } from '../database/prepared-sql';
import type { AuditEventInput, AuditEventType } from './audit-event';
import { AuditEventEntity } from './audit-event.entity';

/** Where a page of events starts: after this (occurred_at, seq), newest first. */
export interface AuditCursor {
  occurredAt: Date;
  seq: string;
}

export interface AuditSearch {
  tenant: string;
  serverId: string;
  consentId?: string;
  clientId?: string;
  subject?: string;
  types?: AuditEventType[];
  /** Inclusive. */
  since?: Date;
  /** Exclusive. */
  until?: Date;
  after?: AuditCursor;
  limit: number;
}

/** Columns an event is written with, with their types (INSERT … SELECT FROM VALUES needs the casts). */
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['occurred_at', 'timestamptz'],
  ['tenant', 'text'],
  ['server_id', 'text'],
  ['type', 'text'],
  ['outcome', 'text'],
  ['client_id', 'text'],
  ['subject', 'text'],
  ['consent_id', 'text'],
  ['flow_id', 'uuid'],
  ['request_id', 'text'],
  ['source_address', 'text'],
  ['detail', 'jsonb'],
];

/**
 * One multi-row `INSERT INTO "audit_event"` for `events`, its values appended to `params` (so it can join a
 * statement that already has parameters, as a data-modifying CTE). With `when` (an SQL condition, e.g.
 * `EXISTS (SELECT 1 FROM issued)`), the rows are written only if it holds.
 */
export function auditInsertSql(events: readonly AuditEventInput[], params: unknown[], when?: string): string {
  const rows = events.map((event) => {
    const values = [
      event.at,
      event.tenant,
      event.serverId,
      event.type,
      event.outcome,
      event.clientId ?? null,
      event.subject ?? null,
      event.consentId ?? null,
      event.flowId ?? null,
      event.origin.requestId,
      event.origin.sourceAddress,
      JSON.stringify(event.detail),
    ];
    const placeholders = values.map((value, column) => {
      params.push(value);
      return `$${params.length}::${COLUMNS[column]![1]}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const into = `INSERT INTO "audit_event" (${COLUMNS.map(([name]) => `"${name}"`).join(', ')})`;
  return when
    ? `${into} SELECT * FROM (VALUES ${rows.join(', ')}) AS v WHERE ${when}`
    : `${into} VALUES ${rows.join(', ')}`;
}

/**
 * The `audit_event` table. Writes take the transaction's EntityManager (or ride in a caller's statement through
 * `auditInsertSql`), so an event and the change it records commit together. No update; delete only by retention.
 */
@Injectable()
export class AuditEventRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Writes the events in one statement, in the transaction of `m` when given. A single event on its own (a refused
   * request, the common case) is a prepared statement; batches vary in length, so their text is parsed each time.
   */
  async record(events: readonly AuditEventInput[], m?: EntityManager): Promise<void> {
    if (!events.length) return;
    const params: unknown[] = [];
    const sql = auditInsertSql(events, params);
    if (!m && events.length === 1) await preparedQuery(this.db, sql, params);
    else await (m ?? this.db.manager).query(sql, params);
  }

  /**
   * A page of a server's events, newest first. A consent_id filter also finds the events of the flows that led to
   * the consent (its pushed request and login, written before the consent had an id).
   */
  async search(q: AuditSearch): Promise<AuditEventEntity[]> {
    const params: unknown[] = [q.tenant, q.serverId];
    const where = ['e."tenant" = $1', 'e."server_id" = $2'];
    const add = (value: unknown) => `$${params.push(value)}`;
    if (q.consentId !== undefined) {
      const c = add(q.consentId);
      where.push(
        `(e."consent_id" = ${c} OR e."flow_id" IN (SELECT f."flow_id" FROM "audit_event" f
          WHERE f."consent_id" = ${c} AND f."flow_id" IS NOT NULL AND f."tenant" = $1 AND f."server_id" = $2))`,
      );
    }
    if (q.clientId !== undefined) where.push(`e."client_id" = ${add(q.clientId)}`);
    if (q.subject !== undefined) where.push(`e."subject" = ${add(q.subject)}`);
    if (q.types?.length) where.push(`e."type" = ANY(${add(q.types)}::text[])`);
    if (q.since) where.push(`e."occurred_at" >= ${add(q.since)}`);
    if (q.until) where.push(`e."occurred_at" < ${add(q.until)}`);
    if (q.after) where.push(`(e."occurred_at", e."seq") < (${add(q.after.occurredAt)}, ${add(q.after.seq)}::bigint)`);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT e.* FROM "audit_event" e WHERE ${where.join(' AND ')}
       ORDER BY e."occurred_at" DESC, e."seq" DESC LIMIT ${add(q.limit)}`,
      params,
    );
    return rows.map((row) => entityFromRow(AuditEventEntity, row));
  }

  /** Retention: deletes the events older than `before`, in the sweep's transaction (the trigger allows only this). */
  async deleteOlderThan(m: EntityManager, before: Date): Promise<number> {
    await m.query(`SELECT set_config('ofs.audit_retention', 'on', true)`);
    const [, count]: [unknown, number] = await m.query(`DELETE FROM "audit_event" WHERE "occurred_at" < $1`, [before]);
    await m.query(`SELECT set_config('ofs.audit_retention', 'off', true)`);
    return count;
  }
}
