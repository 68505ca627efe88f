import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ConsentEntity } from '../consents/consent.entity';

/**
 * Outbox: "revoke every token of this consent at the bank's authorization server", written in the transaction
 * that revoked the consent and delivered by the TokenRevocationWorker until the server confirms it.
 */
@Entity({ name: 'token_revocation_outbox' })
@Index('ix_token_revocation_outbox_due', ['nextAttemptAt'], { where: 'delivered_at IS NULL' })
@Index('ix_token_revocation_outbox_consent', ['consentId'])
export class TokenRevocationOutboxEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'consent_id', type: 'text' })
  consentId: string;

  @ManyToOne(() => ConsentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consent_id', foreignKeyConstraintName: 'fk_token_revocation_outbox_consent' })
  consent?: ConsentEntity;

  /** The authorization-server server that issued the consent's tokens. */
  @Column({ type: 'text' })
  bank: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
