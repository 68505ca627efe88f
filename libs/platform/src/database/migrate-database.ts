import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, type AppDatabase } from './data-source-options';

/**
 * Creates the app's schema if needed and runs its pending migrations, each in its own transaction.
 * An advisory lock serialises two processes starting on the same schema.
 */
export async function migrateDatabase(url: string, db: AppDatabase, applicationName: string): Promise<string[]> {
  const options = dataSourceOptions(url, db, `${applicationName}-migrate`);
  const lock = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`ofs-migrate:${db.schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
    const dataSource = new DataSource(options);
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await lock.end();
  }
}
