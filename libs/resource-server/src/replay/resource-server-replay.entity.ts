import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * DPoP proof `jti`s a resource server has accepted (RFC 9449 §11.1), kept until their `iat` leaves the window.
 * Apps that use the resource-server guard list this entity and create its table in a migration of their own.
 */
@Entity({ name: 'resource_server_replay' })
@Index('ix_resource_server_replay_expires', ['expiresAt'])
export class ResourceServerReplayEntity {
  /** `dpop:<base64url SHA-256 of key thumbprint, htu and jti>` (libs/fapi replayKey). */
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
