import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A browser session of one of the app's listeners, kept in PostgreSQL so a restart logs nobody out. */
@Entity({ name: 'web_session' })
@Index('ix_web_session_expires_at', ['expiresAt'])
export class WebSessionEntity {
  /** SHA-256 (base64url) of the cookie's value: the database never holds a usable session id. */
  @PrimaryColumn({ name: 'id_hash', type: 'text' })
  idHash: string;

  /** Which listener's session (a console session is no portal session). */
  @Column({ type: 'text' })
  realm: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  /** The synchronizer token every state-changing form of the session carries. */
  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
