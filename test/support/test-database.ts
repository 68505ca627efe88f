import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The run's PostgreSQL: DATABASE_URL, or the embedded server test/global-setup.ts started. */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('no DATABASE_URL: integration and e2e tests run through jest (test/global-setup.ts)');
  return url;
}

/** A schema name of this test file's own, so runs and files never share tables. */
export function uniqueSchema(prefix: string): string {
  return `t_${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
