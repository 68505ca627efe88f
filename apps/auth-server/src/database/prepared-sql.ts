import { createHash } from 'node:crypto';
import { QueryFailedError, type DataSource } from 'typeorm';

/** The node-postgres pool under a TypeORM PostgreSQL data source. */
interface PgPool {
  query(config: {
    name?: string;
    text: string;
    values: unknown[];
  }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Statement names by SQL text; past this many distinct texts, statements go unnamed (parsed every time). */
const names = new Map<string, string>();
const MAX_NAMED = 200;

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `ofs_${createHash('sha256').update(text).digest('base64url').slice(0, 22)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A hot-path statement (every PAR, login step, grant, introspection) as a named prepared statement: PostgreSQL
 * parses and plans it once per connection instead of on every request, and it goes straight to the pool without
 * TypeORM's query runner. Outside a transaction only (autocommit: one statement, atomic by itself). Errors are
 * TypeORM's QueryFailedError, as from `DataSource.query`.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  db: DataSource,
  text: string,
  values: unknown[],
): Promise<{ rows: T[]; rowCount: number }> {
  const pool = (db.driver as unknown as { master: PgPool }).master;
  try {
    const result = await pool.query({ name: nameOf(text), text, values });
    return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
  } catch (e) {
    throw new QueryFailedError(text, values, e as Error);
  }
}
