import { Column, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditEventType, AuditOutcome } from './audit-event';

/**
 * One security-relevant event of a server (or of a tenant's identity pools): append-only (a trigger refuses
 * UPDATE, and DELETE outside the retention sweep), written in the transaction of the change it records.
 * Never holds a token, code, assertion, password, key or registration access token.
 */
@Entity({ name: 'audit_event' })
@Index('ix_audit_event_time', ['occurredAt', 'seq'])
@Index('ix_audit_event_consent', ['consentId'], { where: '"consent_id" IS NOT NULL' })
@Index('ix_audit_event_client', ['clientId', 'occurredAt'], { where: '"client_id" IS NOT NULL' })
@Index('ix_audit_event_flow', ['flowId'], { where: '"flow_id" IS NOT NULL' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Insertion order: breaks ties between events of the same instant (newest first, then by seq). */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  tenant: string;

  /** The server (`gobank`…); null for a tenant-wide change not made through a server's token. */
  @Column({ name: 'server_id', type: 'text', nullable: true })
  serverId: string | null;

  @Column({ type: 'text' })
  type: AuditEventType;

  @Column({ type: 'text' })
  outcome: AuditOutcome;

  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ name: 'consent_id', type: 'text', nullable: true })
  consentId: string | null;

  /** The pushed authorization request the event belongs to: ties a flow's early events to its later consent_id. */
  @Column({ name: 'flow_id', type: 'uuid', nullable: true })
  flowId: string | null;

  /** The X-Request-Id of the request that caused it (the logs' request_id). */
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @Column({ name: 'source_address', type: 'text', nullable: true })
  sourceAddress: string | null;

  @Column({ type: 'jsonb', default: {} })
  detail: Record<string, unknown>;
}
