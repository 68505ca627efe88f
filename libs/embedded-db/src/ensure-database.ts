import { Client, type ClientConfig } from 'pg';

/** Creates database `name` unless it exists (connecting as the cluster's superuser to the `postgres` database). */
export async function ensureDatabase(admin: ClientConfig, name: string): Promise<void> {
  const client = new Client({ ...admin, database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile: fine
  } finally {
    await client.end().catch(() => undefined);
  }
}
