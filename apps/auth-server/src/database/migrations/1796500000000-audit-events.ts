import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (issue 8 item 1): append-only. A trigger refuses UPDATE, TRUNCATE and any DELETE but the
 * retention sweep's (which sets `ofs.audit_retention` for its transaction).
 */
export class AuditEvents1796500000000 implements MigrationInterface {
  name = 'AuditEvents1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "audit_event" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" BIGSERIAL NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "tenant" text NOT NULL,
        "server_id" text,
        "type" text NOT NULL,
        "outcome" text NOT NULL,
        "client_id" text,
        "subject" text,
        "consent_id" text,
        "flow_id" uuid,
        "request_id" text,
        "source_address" text,
        "detail" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "PK_audit_event" PRIMARY KEY ("id")
      )`);
    await q.query(`CREATE INDEX "ix_audit_event_time" ON "audit_event" ("occurred_at", "seq")`);
    // Partial: events without a consent, client or flow (most refusals, client credentials) cost no entry there.
    await q.query(
      `CREATE INDEX "ix_audit_event_consent" ON "audit_event" ("consent_id") WHERE "consent_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_audit_event_client" ON "audit_event" ("client_id", "occurred_at") WHERE "client_id" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "ix_audit_event_flow" ON "audit_event" ("flow_id") WHERE "flow_id" IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('ofs.audit_retention', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event"
      FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"()`);
    await q.query(`
      CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_event"`);
    await q.query(`DROP FUNCTION "audit_event_append_only"()`);
  }
}
