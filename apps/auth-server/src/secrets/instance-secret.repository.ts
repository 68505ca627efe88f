import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The `instance_secret` table: secrets every process of the deployment shares, by name. */
@Injectable()
export class InstanceSecretRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Stores `secret` as `name` unless there is one already (concurrent first writers: one wins). */
  async insertIfAbsent(name: string, secret: Buffer): Promise<void> {
    await this.db.query(
      `INSERT INTO "instance_secret" ("name", "secret") VALUES ($1, $2) ON CONFLICT ("name") DO NOTHING`,
      [name, secret],
    );
  }

  async find(name: string): Promise<Buffer | null> {
    const rows: Array<{ secret: Buffer }> = await this.db.query(
      `SELECT "secret" FROM "instance_secret" WHERE "name" = $1`,
      [name],
    );
    return rows[0]?.secret ?? null;
  }
}
