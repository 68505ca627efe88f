import type { DataSourceOptions } from 'typeorm';

export interface AppDatabase {
  /** The app's own schema: each app stands for a separate organisation. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and _`);
}

/**
 * TypeORM options for an app's schema. The schema is chosen through the session's search_path, so entities
 * and committed migrations stay schema-agnostic: tests run the same migrations in a schema of their own.
 * Schema changes only ever come from migrations (never synchronize).
 */
export function dataSourceOptions(url: string, db: AppDatabase, applicationName: string): DataSourceOptions {
  assertSchemaName(db.schema);
  return {
    type: 'postgres',
    url,
    entities: db.entities,
    migrations: db.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      options: `-c search_path=${db.schema}`,
      application_name: applicationName,
      max: 20,
      connectionTimeoutMillis: 5000,
    },
  };
}
