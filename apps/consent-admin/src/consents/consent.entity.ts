import type { ConsentStatus } from '@ofs/consent-store';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A customer's consent to a TPP at a bank (Go Bank's external consent storage). */
@Entity({ name: 'consent' })
@Index('ix_consent_bank_created', ['bank', 'createdAt', 'id'])
@Index('ix_consent_bank_subject', ['bank', 'subject'])
@Index('ix_consent_bank_client', ['bank', 'clientId'])
@Index('ix_consent_account_ids', ['accountIds'], { type: 'gin' })
export class ConsentEntity {
  /** Random, unguessable (144 bits, base64url). */
  @PrimaryColumn({ type: 'text' })
  id: string;

  /** The bank (authorization-server server id) it belongs to, e.g. `gobank`. */
  @Column({ type: 'text' })
  bank: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  @Column({ name: 'client_name', type: 'text' })
  clientName: string;

  @Column({ type: 'text' })
  status: ConsentStatus;

  @Column({ name: 'granted_scopes', type: 'text', array: true })
  grantedScopes: string[];

  @Column({ name: 'account_ids', type: 'text', array: true })
  accountIds: string[];

  @Column({ name: 'authorization_details', type: 'jsonb' })
  authorizationDetails: Array<Record<string, unknown>>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_by', type: 'text', nullable: true })
  revokedBy: string | null;
}
