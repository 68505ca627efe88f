import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ClientEntity } from '../clients/client.entity';

export type TokenKind = 'access_token' | 'refresh_token';

/** An issued access or refresh token, stored by hash only, with everything introspection returns. */
@Entity({ name: 'token' })
@Index('ix_token_consent', ['serverPk', 'consentId'])
@Index('ix_token_grant', ['grantId'])
@Index('ix_token_client', ['clientId'])
@Index('ix_token_expires', ['expiresAt'])
export class TokenEntity {
  /** SHA-256 (base64url) of the token. */
  @PrimaryColumn({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ type: 'text' })
  kind: TokenKind;

  @Column({ name: 'server_pk', type: 'uuid' })
  serverPk: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_token_client' })
  client?: ClientEntity;

  /** The authorization grant it came from (authorization code flow); null for client credentials. */
  @Column({ name: 'grant_id', type: 'uuid', nullable: true })
  grantId: string | null;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ type: 'text' })
  scope: string;

  @Column({ name: 'authorization_details', type: 'jsonb', nullable: true })
  authorizationDetails: Array<Record<string, unknown>> | null;

  @Column({ name: 'consent_id', type: 'text', nullable: true })
  consentId: string | null;

  /** RFC 9449 §6: DPoP key thumbprint (`cnf.jkt`). */
  @Column({ type: 'text', nullable: true })
  jkt: string | null;

  /** RFC 8705 §3.1: client certificate thumbprint (`cnf.x5t#S256`). */
  @Column({ name: 'x5t_s256', type: 'text', nullable: true })
  x5tS256: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
