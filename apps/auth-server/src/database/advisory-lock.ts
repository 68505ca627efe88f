import type { EntityManager } from 'typeorm';

/**
 * Takes the transaction-scoped advisory lock called `name` if no other session holds it (PostgreSQL releases it at
 * the end of the transaction of `m`): false when another one does. No table: a lock between processes.
 */
export async function tryAdvisoryXactLock(m: EntityManager, name: string): Promise<boolean> {
  const [{ locked }]: Array<{ locked: boolean }> = await m.query(
    `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`,
    [name],
  );
  return locked;
}
