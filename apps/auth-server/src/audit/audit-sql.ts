import type { AuditEventInput } from './audit-event';

/** Columns an event is written with, with their types (INSERT … SELECT FROM VALUES needs the casts). */
const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['occurred_at', 'timestamptz'],
  ['tenant', 'text'],
  ['server_id', 'text'],
  ['type', 'text'],
  ['outcome', 'text'],
  ['client_id', 'text'],
  ['subject', 'text'],
  ['consent_id', 'text'],
  ['flow_id', 'uuid'],
  ['request_id', 'text'],
  ['source_address', 'text'],
  ['detail', 'jsonb'],
];

/**
 * One multi-row `INSERT INTO "audit_event"` for `events`, its values appended to `params` (so it can join a
 * statement that already has parameters, as a data-modifying CTE). With `when` (an SQL condition, e.g.
 * `EXISTS (SELECT 1 FROM issued)`), the rows are written only if it holds.
 */
export function auditInsertSql(events: readonly AuditEventInput[], params: unknown[], when?: string): string {
  const rows = events.map((event) => {
    const values = [
      event.at,
      event.tenant,
      event.serverId,
      event.type,
      event.outcome,
      event.clientId ?? null,
      event.subject ?? null,
      event.consentId ?? null,
      event.flowId ?? null,
      event.origin.requestId,
      event.origin.sourceAddress,
      JSON.stringify(event.detail),
    ];
    const placeholders = values.map((value, column) => {
      params.push(value);
      return `$${params.length}::${COLUMNS[column]![1]}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const into = `INSERT INTO "audit_event" (${COLUMNS.map(([name]) => `"${name}"`).join(', ')})`;
  return when
    ? `${into} SELECT * FROM (VALUES ${rows.join(', ')}) AS v WHERE ${when}`
    : `${into} VALUES ${rows.join(', ')}`;
}
