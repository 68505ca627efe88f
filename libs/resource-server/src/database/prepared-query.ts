import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A pg query config: a named statement is parsed and planned once per connection, then only bound and run. */
export interface PreparedQuery {
  /** The PostgreSQL prepared statement's name; default one derived from the text (a hash). */
  name?: string;
  text: string;
  values: unknown[];
}

interface PgPool {
  query(config: Required<PreparedQuery>): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a hot-path statement straight on the pg pool under a TypeORM DataSource (the same connections, with the
 * app's search_path), as a named prepared statement: no query runner per call, no parse and plan per call.
 * Falls back to `db.query` for a DataSource without a pg pool (another driver, or not yet connected).
 */
export async function preparedQuery<T>(db: DataSource, query: PreparedQuery): Promise<T[]> {
  const pool = (db.driver as { master?: Partial<PgPool> } | undefined)?.master;
  if (typeof pool?.query !== 'function') return db.query(query.text, query.values);
  const name = query.name ?? `ofs_${createHash('sha256').update(query.text).digest('base64url').slice(0, 32)}`;
  return (await (pool as PgPool).query({ ...query, name })).rows as T[];
}
