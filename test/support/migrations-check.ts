import { DataSource } from 'typeorm';
import { dataSourceOptions, migrateDatabase, type SandboxAppDefinition } from '@ofs/platform';
import { dropSchema, testDatabaseUrl, uniqueSchema } from './test-database';

/**
 * Schema changes go through committed migrations only: after running an app's migrations the entities need
 * nothing more, every table has an entity, and every migration reverts cleanly.
 */
export function describeMigrations(def: SandboxAppDefinition<never>): void {
  describe(`${def.name} migrations`, () => {
    const schema = uniqueSchema(`${def.schema}_migrations`);
    afterAll(() => dropSchema(schema));

    it('bring the schema exactly to what the entities describe, and revert cleanly', async () => {
      const db = { ...def.database, schema };
      const migrations = def.database.migrations as Array<{ name: string }>;
      expect(await migrateDatabase(testDatabaseUrl(), db, 'test')).toEqual(migrations.map((m) => m.name));
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
        for (let i = 0; i < migrations.length; i++) await dataSource.undoLastMigration();
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
}
