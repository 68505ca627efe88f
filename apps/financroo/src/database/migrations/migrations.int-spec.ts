import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase } from '@ofs/platform';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../../../../test/support/test-database';
import { financrooApp } from '../../configure-app';
import { financrooMigrations } from '.';

// Schema changes go through committed migrations only: after running them, the entities need nothing more.
describe('financroo migrations', () => {
  const schema = uniqueSchema('financroo_migrations');
  afterAll(() => dropSchema(schema));

  it('bring the schema exactly to what the entities describe, and revert cleanly', async () => {
    const db = { ...financrooApp.database, schema };
    expect(await migrateDatabase(testDatabaseUrl(), db, 'test')).toEqual(financrooMigrations.map((m) => m.name));
    const dataSource = new DataSource(dataSourceOptions(testDatabaseUrl(), db, 'test'));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      const created: Array<{ table_name: string }> = await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`,
        [schema],
      );
      expect(created.map((t) => t.table_name)).toEqual(dataSource.entityMetadatas.map((m) => m.tableName).sort());
      for (let i = 0; i < financrooMigrations.length; i++) await dataSource.undoLastMigration();
      const tables: unknown[] = await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations'`,
        [schema],
      );
      expect(tables).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
