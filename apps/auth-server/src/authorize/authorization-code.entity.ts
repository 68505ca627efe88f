import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClientEntity } from '../clients/client.entity';

/** An authorization code (≤ 60 s, single use), stored by hash, with what its tokens will carry. */
@Entity({ name: 'authorization_code' })
@Index('ix_authorization_code_grant', ['grantId'])
@Index('ix_authorization_code_expires', ['expiresAt'])
@Index('ix_authorization_code_consent', ['serverPk', 'consentId'])
export class AuthorizationCodeEntity {
  @PrimaryColumn({ name: 'code_hash', type: 'text' })
  codeHash: string;

  @Column({ name: 'server_pk', type: 'uuid' })
  serverPk: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_authorization_code_client' })
  client?: ClientEntity;

  /** Shared by every token issued from this code, so that a reused code can revoke them all (TOKEN-05). */
  @Column({ name: 'grant_id', type: 'uuid' })
  grantId: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  scope: string;

  @Column({ name: 'authorization_details', type: 'jsonb', nullable: true })
  authorizationDetails: Array<Record<string, unknown>> | null;

  @Column({ name: 'consent_id', type: 'text', nullable: true })
  consentId: string | null;

  @Column({ name: 'redirect_uri', type: 'text' })
  redirectUri: string;

  @Column({ name: 'code_challenge', type: 'text' })
  codeChallenge: string;

  @Column({ name: 'dpop_jkt', type: 'text', nullable: true })
  dpopJkt: string | null;

  @Column({ type: 'text', nullable: true })
  nonce: string | null;

  @Column({ name: 'auth_time', type: 'timestamptz' })
  authTime: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt: Date | null;
}
