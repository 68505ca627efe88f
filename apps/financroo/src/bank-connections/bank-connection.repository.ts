import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BankConnectionEntity } from './bank-connection.entity';

export interface NewTokens {
  clientId: string;
  /** Sealed. */
  accessToken: string;
  accessTokenExpiresAt: Date;
  /** Sealed. */
  refreshToken: string | null;
  scope: string;
}

/** The bank_connection table: a user's connections, always read and changed with the user named. */
@Injectable()
export class BankConnectionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  listForUser(userId: string): Promise<BankConnectionEntity[]> {
    return this.db.getRepository(BankConnectionEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  findForUser(userId: string, bankId: string): Promise<BankConnectionEntity | null> {
    return this.db.getRepository(BankConnectionEntity).findOneBy({ userId, bankId });
  }

  /** A new consent's connection; it replaces the user's earlier connection to the bank (returned, to revoke). */
  async connect(
    userId: string,
    bankId: string,
    tokens: NewTokens,
    grant: { authorizationDetails: Array<Record<string, unknown>> | null; accountIds: string[] },
    now: Date,
  ): Promise<{ connection: BankConnectionEntity; replaced: BankConnectionEntity | null }> {
    return this.db.transaction(async (tx) => {
      // One connection per user and bank: two connects finishing at once (two tabs) take turns, the later one
      // replacing the earlier (a row lock cannot do it: there may be no row yet to lock).
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`bank_connection:${userId}:${bankId}`]);
      const repo = tx.getRepository(BankConnectionEntity);
      const replaced = await repo
        .createQueryBuilder('c')
        .setLock('pessimistic_write')
        .where('c.user_id = :userId AND c.bank_id = :bankId', { userId, bankId })
        .getOne();
      if (replaced) await repo.delete({ id: replaced.id });
      const connection = await repo.save(
        repo.create({
          userId,
          bankId,
          ...tokens,
          authorizationDetails: grant.authorizationDetails,
          accountIds: grant.accountIds,
          status: 'active',
          statusReason: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return { connection, replaced };
    });
  }

  /** The tokens after a refresh (RFC 6749 §6, the refresh token possibly rotated). */
  async refreshed(userId: string, id: string, tokens: Omit<NewTokens, 'clientId' | 'scope'>, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE bank_connection SET access_token = $3, access_token_expires_at = $4, refresh_token = $5, updated_at = $6
        WHERE user_id = $1 AND id = $2`,
      [userId, id, tokens.accessToken, tokens.accessTokenExpiresAt, tokens.refreshToken, now],
    );
  }

  async setAccounts(userId: string, id: string, accountIds: string[], now: Date): Promise<void> {
    await this.db.query(`UPDATE bank_connection SET account_ids = $3, updated_at = $4 WHERE user_id = $1 AND id = $2`, [
      userId,
      id,
      JSON.stringify(accountIds),
      now,
    ]);
  }

  /** The bank refused the tokens (401, invalid_grant): the user must connect again. */
  async needsReconnect(userId: string, id: string, reason: string, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE bank_connection SET status = 'needs_reconnect', status_reason = $3, updated_at = $4
        WHERE user_id = $1 AND id = $2`,
      [userId, id, reason, now],
    );
  }

  async forget(userId: string, id: string): Promise<void> {
    await this.db.query(`DELETE FROM bank_connection WHERE user_id = $1 AND id = $2`, [userId, id]);
  }
}
