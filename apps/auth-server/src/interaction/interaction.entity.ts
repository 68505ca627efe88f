import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PushedRequestEntity } from '../par/pushed-request.entity';

export type InteractionStatus = 'login' | 'consent' | 'accepted' | 'rejected' | 'completed';

/** What the user decided on the consent page (the built-in one or the bank's). */
export interface ConsentDecision {
  grantedScopes: string[];
  grantedAuthorizationDetails?: Array<Record<string, unknown>>;
  consentId?: string;
  error?: { error: string; error_description?: string };
}

/** One run through login and consent for a pushed request, tied to the browser that started it. */
@Entity({ name: 'interaction' })
@Index('ix_interaction_pushed_request', ['pushedRequestId'])
@Index('ix_interaction_expires', ['expiresAt'])
export class InteractionEntity {
  /** The login id handed to consent pages. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'server_pk', type: 'uuid' })
  serverPk: string;

  @Column({ name: 'pushed_request_id', type: 'uuid' })
  pushedRequestId: string;

  @ManyToOne(() => PushedRequestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pushed_request_id', foreignKeyConstraintName: 'fk_interaction_pushed_request' })
  pushedRequest?: PushedRequestEntity;

  /** SHA-256 of the browser cookie's secret: only the browser that started the flow may continue it. */
  @Column({ name: 'browser_secret_hash', type: 'text' })
  browserSecretHash: string;

  /** SHA-256 of the login state handed to an external consent page with the login id. */
  @Column({ name: 'login_state_hash', type: 'text' })
  loginStateHash: string;

  @Column({ type: 'text' })
  status: InteractionStatus;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  @Column({ name: 'auth_time', type: 'timestamptz', nullable: true })
  authTime: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  decision: ConsentDecision | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
