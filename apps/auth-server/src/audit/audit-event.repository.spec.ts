import type { AuditEventInput } from './audit-event';
import { auditInsertSql } from './audit-event.repository';

describe('auditInsertSql: one multi-row insert that joins a statement with parameters of its own', () => {
  const event = (clientId: string): AuditEventInput => ({
    type: 'token.revoked',
    outcome: 'success',
    at: new Date('2026-12-01T10:00:00.000Z'),
    tenant: 'obgeneric',
    serverId: 'gobank',
    clientId,
    origin: { requestId: 'r1', sourceAddress: '127.0.0.1' },
    detail: { token_type: 'access_token', revoked_tokens: 1 },
  });

  it('numbers its placeholders after the ones already taken, one row per event', () => {
    const params: unknown[] = ['taken'];
    const sql = auditInsertSql([event('a'), event('b')], params);
    expect(sql).toMatch(/^INSERT INTO "audit_event" \("occurred_at", .*"detail"\) VALUES \(\$2::timestamptz, /);
    expect(sql).toContain('$13::jsonb), ($14::timestamptz');
    expect(sql).toContain('$25::jsonb)');
    expect(params).toHaveLength(25);
    expect(params[6]).toBe('a');
    expect(params[18]).toBe('b');
    expect(params[12]).toBe(JSON.stringify({ token_type: 'access_token', revoked_tokens: 1 }));
  });

  it('with a condition, writes the rows only when it holds', () => {
    const sql = auditInsertSql([event('a')], [], 'EXISTS (SELECT 1 FROM issued)');
    expect(sql).toMatch(
      /SELECT \* FROM \(VALUES \(\$1::timestamptz, .*\$12::jsonb\)\) AS v WHERE EXISTS \(SELECT 1 FROM issued\)$/,
    );
  });
});
