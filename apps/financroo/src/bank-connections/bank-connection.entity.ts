import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ConnectionStatus = 'active' | 'needs_reconnect';

/** One Financroo user's connection to one bank: the tokens of a consent (sealed) and its accounts. */
@Entity({ name: 'bank_connection' })
@Index('ux_bank_connection_user_bank', ['userId', 'bankId'], { unique: true })
export class BankConnectionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  @Column({ name: 'bank_id', type: 'text' })
  bankId: string;

  /** The client the tokens were issued to (a new registration makes them useless). */
  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  /** Sealed access token. */
  @Column({ name: 'access_token', type: 'text' })
  accessToken: string;

  @Column({ name: 'access_token_expires_at', type: 'timestamptz' })
  accessTokenExpiresAt: Date;

  /** Sealed refresh token. */
  @Column({ name: 'refresh_token', type: 'text', nullable: true })
  refreshToken: string | null;

  @Column({ type: 'text' })
  scope: string;

  /** RFC 9396 authorization_details as granted (the token response's). */
  @Column({ name: 'authorization_details', type: 'jsonb', nullable: true })
  authorizationDetails: Array<Record<string, unknown>> | null;

  /** The consent's accounts, as granted or as the bank listed them right after the consent. */
  @Column({ name: 'account_ids', type: 'jsonb' })
  accountIds: string[];

  @Column({ type: 'text' })
  status: ConnectionStatus;

  /** Why the bank needs a reconnect (shown to the user). */
  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
