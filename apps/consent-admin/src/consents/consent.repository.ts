import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ConsentStatus } from '@ofs/consent-store';
import { ReadBatcher } from '@ofs/platform';
import { preparedQuery } from '@ofs/resource-server';
import { DataSource, type EntityManager } from 'typeorm';
import { ConsentEntity } from './consent.entity';

/** Search filters of the consent list (all optional, combined with AND). */
export interface ConsentFilters {
  subject?: string;
  clientId?: string;
  accountId?: string;
  status?: ConsentStatus;
  /** created_at >= */
  createdFrom?: Date;
  /** created_at < */
  createdTo?: Date;
}

/** Where a page starts: after this (created_at, id), newest first. */
export interface ConsentPosition {
  createdAt: Date;
  id: string;
}

/** Reads by id in one statement at most, and statements out at once per bank, per process. */
const READ_BATCHES = { maxBatch: 64, maxInFlight: 2 };

const COLUMNS = `id, bank, subject, client_id, client_name, status, granted_scopes, account_ids, authorization_details,
  created_at, updated_at, revoked_at, revoked_by`;

interface ConsentRow {
  id: string;
  bank: string;
  subject: string;
  client_id: string;
  client_name: string;
  status: ConsentStatus;
  granted_scopes: string[];
  account_ids: string[];
  authorization_details: Array<Record<string, unknown>>;
  created_at: Date;
  updated_at: Date;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** The `consent` table. Every method takes the bank: a consent of another bank does not exist for it. */
@Injectable()
export class ConsentRepository {
  private readonly readers = new Map<string, ReadBatcher<string, ConsentEntity>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `em`: inside a transaction; without it (a bank's consent page recording a consent) a prepared statement. */
  async insert(consent: ConsentEntity, em?: EntityManager): Promise<void> {
    const text = `INSERT INTO consent (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;
    const values = [
      consent.id,
      consent.bank,
      consent.subject,
      consent.clientId,
      consent.clientName,
      consent.status,
      consent.grantedScopes,
      consent.accountIds,
      JSON.stringify(consent.authorizationDetails),
      consent.createdAt,
      consent.updatedAt,
      consent.revokedAt,
      consent.revokedBy,
    ];
    if (em) await em.query(text, values);
    else await preparedQuery(this.db, { name: 'consent_admin_consent_insert', text, values });
  }

  /**
   * `em`: inside a transaction. Without it (a bank API's read, on every call of the bank's data API) the read is
   * batched with the other reads of the same bank under way in this process: one prepared statement for many ids
   * (see ReadBatcher: every read is still answered by a statement sent after it was asked).
   */
  async findOfBank(bank: string, id: string, em?: EntityManager): Promise<ConsentEntity | undefined> {
    if (em) {
      const rows: ConsentRow[] = await em.query(`SELECT ${COLUMNS} FROM consent WHERE bank = $1 AND id = $2`, [
        bank,
        id,
      ]);
      return rows[0] && toEntity(rows[0]);
    }
    return this.readerOf(bank).load(id);
  }

  private readerOf(bank: string): ReadBatcher<string, ConsentEntity> {
    let reader = this.readers.get(bank);
    if (!reader) {
      reader = new ReadBatcher(async (ids) => {
        const rows = await preparedQuery<ConsentRow>(this.db, {
          name: 'consent_admin_consents_of_bank',
          text: `SELECT ${COLUMNS} FROM consent WHERE bank = $1 AND id = ANY($2::text[])`,
          values: [bank, ids],
        });
        return new Map(rows.map((row) => [row.id, toEntity(row)]));
      }, READ_BATCHES);
      this.readers.set(bank, reader);
    }
    return reader;
  }

  /** Newest first, `limit` at most, after `after` when given. */
  async searchOfBank(
    bank: string,
    filters: ConsentFilters,
    limit: number,
    after?: ConsentPosition,
  ): Promise<ConsentEntity[]> {
    const where = ['bank = $1'];
    const params: unknown[] = [bank];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filters.subject !== undefined) add((p) => `subject = ${p}`, filters.subject);
    if (filters.clientId !== undefined) add((p) => `client_id = ${p}`, filters.clientId);
    if (filters.accountId !== undefined) add((p) => `account_ids @> ARRAY[${p}::text]`, filters.accountId);
    if (filters.status !== undefined) add((p) => `status = ${p}`, filters.status);
    if (filters.createdFrom !== undefined) add((p) => `created_at >= ${p}`, filters.createdFrom);
    if (filters.createdTo !== undefined) add((p) => `created_at < ${p}`, filters.createdTo);
    if (after) {
      params.push(after.createdAt, after.id);
      where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit);
    const rows: ConsentRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM consent WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEntity);
  }

  /** Authorized → revoked, atomically; undefined when the consent is unknown or not authorized (nothing changed). */
  async revokeIfAuthorized(
    em: EntityManager,
    bank: string,
    id: string,
    revokedBy: string,
    now: Date,
  ): Promise<ConsentEntity | undefined> {
    const [rows]: [ConsentRow[], number] = await em.query(
      `UPDATE consent SET status = 'revoked', revoked_at = $3, revoked_by = $4, updated_at = $3
       WHERE bank = $1 AND id = $2 AND status = 'authorized' RETURNING ${COLUMNS}`,
      [bank, id, now, revokedBy],
    );
    return rows[0] && toEntity(rows[0]);
  }

  /** Every authorized consent of one TPP → revoked; the ids of those it changed. */
  async revokeAuthorizedOfClient(
    em: EntityManager,
    bank: string,
    clientId: string,
    revokedBy: string,
    now: Date,
  ): Promise<string[]> {
    const [rows]: [Array<{ id: string }>, number] = await em.query(
      `UPDATE consent SET status = 'revoked', revoked_at = $3, revoked_by = $4, updated_at = $3
       WHERE bank = $1 AND client_id = $2 AND status = 'authorized' RETURNING id`,
      [bank, clientId, now, revokedBy],
    );
    return rows.map((r) => r.id);
  }
}

function toEntity(row: ConsentRow): ConsentEntity {
  return Object.assign(new ConsentEntity(), {
    id: row.id,
    bank: row.bank,
    subject: row.subject,
    clientId: row.client_id,
    clientName: row.client_name,
    status: row.status,
    grantedScopes: row.granted_scopes,
    accountIds: row.account_ids,
    authorizationDetails: row.authorization_details,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  });
}
