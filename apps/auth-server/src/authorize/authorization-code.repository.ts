import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { entityFromRow } from '../common/entity-from-row';
import { preparedQuery } from '../database/prepared-sql';
import type { IdentityRecordEntity } from '../identity-pools/identity-record.entity';
import { AuthorizationCodeEntity } from './authorization-code.entity';

/** A code as issued (InteractionRepository.endWithCode writes it, in the statement that ends the login). */
export type NewAuthorizationCode = Omit<AuthorizationCodeEntity, 'client' | 'consumedAt'>;

/** The identity record a code's subject has in the server's pool, as the ID token needs it. */
export type CodeUser = Pick<IdentityRecordEntity, 'username' | 'attributes'>;

/**
 * The `authorization_code` table. A code is written by the statement that ends its login (InteractionRepository)
 * and consumed by the one that stores its tokens (TokenRepository.insertRedeemingCode): single statements that
 * span those tables.
 */
@Injectable()
export class AuthorizationCodeRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The server's code of that hash, with its subject's record in the tenant's identity pool `poolId` (null when the
   * pool has no such user, any more), in one statement. Also reads "identity_pool" and "identity_record".
   */
  async findWithUser(
    serverPk: string,
    codeHash: string,
    pool: { tenant: string; poolId: string },
  ): Promise<(AuthorizationCodeEntity & { user: CodeUser | null }) | null> {
    const { rows } = await preparedQuery(
      this.db,
      `SELECT c.*, r."username" AS "user_username", r."attributes" AS "user_attributes"
       FROM "authorization_code" c
       LEFT JOIN "identity_pool" p ON p."tenant" = $3 AND p."pool_id" = $4
       LEFT JOIN "identity_record" r ON r."pool_pk" = p."id" AND r."username" = c."subject"
       WHERE c."server_pk" = $1 AND c."code_hash" = $2`,
      [serverPk, codeHash, pool.tenant, pool.poolId],
    );
    if (!rows[0]) return null;
    const { user_username: username, user_attributes: attributes, ...code } = rows[0];
    const user =
      typeof username === 'string' ? { username, attributes: attributes as IdentityRecordEntity['attributes'] } : null;
    return Object.assign(entityFromRow(AuthorizationCodeEntity, code), { user });
  }

  /** Ends the unredeemed codes of a consent (it was revoked), in the caller's transaction. */
  async consumeForConsent(m: EntityManager, serverPk: string, consentId: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE authorization_code SET consumed_at = $3 WHERE server_pk = $1 AND consent_id = $2 AND consumed_at IS NULL`,
      [serverPk, consentId, now],
    );
  }

  /** Housekeeping: deletes the codes expired at `before`, in the sweep's transaction. */
  async deleteExpired(m: EntityManager, before: Date): Promise<number> {
    // TypeORM answers DELETE with [rows, affected].
    const [, count]: [unknown, number] = await m.query(`DELETE FROM "authorization_code" WHERE "expires_at" <= $1`, [
      before,
    ]);
    return count;
  }
}
