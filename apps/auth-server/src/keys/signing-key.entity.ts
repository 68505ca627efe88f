import type { JWK } from 'jose';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { ServerEntity } from '../servers/server.entity';

export type SigningKeyStatus = 'active' | 'retired';

/**
 * A server's signing key. `active` keys sign; `retired` keys stay published in the JWKS until every token they
 * signed has expired, so rotation never breaks what was already issued.
 */
@Entity({ name: 'signing_key' })
@Unique('uq_signing_key_server_kid', ['serverPk', 'kid'])
@Index('ix_signing_key_server', ['serverPk'])
export class SigningKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'server_pk', type: 'uuid' })
  serverPk: string;

  @ManyToOne(() => ServerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'server_pk', foreignKeyConstraintName: 'fk_signing_key_server' })
  server?: ServerEntity;

  @Column({ type: 'text' })
  kid: string;

  @Column({ type: 'text' })
  alg: string;

  @Column({ type: 'text' })
  status: SigningKeyStatus;

  @Column({ name: 'public_jwk', type: 'jsonb' })
  publicJwk: JWK;

  @Column({ name: 'private_jwk', type: 'jsonb' })
  privateJwk: JWK;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When it stopped signing; it leaves the JWKS once the longest-lived token it signed has expired. */
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
