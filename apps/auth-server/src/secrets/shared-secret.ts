import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The secret called `name`, the same in every process: the first process to ask makes it (32 random bytes),
 * the others read that one. Concurrent first asks agree, as only one insert wins.
 */
export async function sharedSecret(db: DataSource, name: string): Promise<Buffer> {
  await db.query(`INSERT INTO "instance_secret" ("name", "secret") VALUES ($1, $2) ON CONFLICT ("name") DO NOTHING`, [
    name,
    randomBytes(32),
  ]);
  const rows: Array<{ secret: Buffer }> = await db.query(`SELECT "secret" FROM "instance_secret" WHERE "name" = $1`, [
    name,
  ]);
  if (!rows[0]) throw new Error(`the shared secret ${name} vanished as it was made`);
  return rows[0].secret;
}
