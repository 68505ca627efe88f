import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase } from '@ofs/platform';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../../../../test/support/test-database';
import { hyperscaleBankApp } from '../../configure-app';
import { hyperscaleBankMigrations } from '.';

// Schema changes go through committed migrations only: after running them, the entities need nothing more.
describe('hyperscale-bank migrations', () => {
  const schema = uniqueSchema('hyperscale_bank_migrations');
  afterAll(() => dropSchema(schema));

  it('bring the schema exactly to what the entities describe, and revert cleanly', async () => {
    const db = { ...hyperscaleBankApp.database, schema };
    expect(await migrateDatabase(testDatabaseUrl(), db, 'test')).toEqual(hyperscaleBankMigrations.map((m) => m.name));
    const dataSource = new DataSource(dataSourceOptions(testDatabaseUrl(), db, 'test'));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      // …and every table the migrations create has an entity.
      const created: Array<{ table_name: string }> = await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'migrations' ORDER BY 1`,
        [schema],
      );
      expect(created.map((t) => t.table_name)).toEqual(dataSource.entityMetadatas.map((m) => m.tableName).sort());
      for (let i = 0; i < hyperscaleBankMigrations.length; i++) await dataSource.undoLastMigration();
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
