import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One-time identifiers already seen (client assertion `jti`, DPoP proof `jti`), kept until they expire. */
@Entity({ name: 'replay_jti' })
@Index('ix_replay_jti_expires', ['expiresAt'])
export class ReplayJtiEntity {
  /** Scope-qualified key, e.g. `client_assertion:<client_id>:<jti>`. */
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
