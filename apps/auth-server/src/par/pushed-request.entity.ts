import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ClientEntity } from '../clients/client.entity';

/** An authorization request pushed by a client (RFC 9126), referenced by its request_uri until used or expired. */
@Entity({ name: 'pushed_request' })
@Index('ix_pushed_request_uri', ['requestUriHash'], { unique: true })
@Index('ix_pushed_request_expires', ['expiresAt'])
export class PushedRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** SHA-256 (base64url) of the request_uri: the request_uri itself is a bearer secret. */
  @Column({ name: 'request_uri_hash', type: 'text' })
  requestUriHash: string;

  @Column({ name: 'server_pk', type: 'uuid' })
  serverPk: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId: string;

  @ManyToOne(() => ClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'fk_pushed_request_client' })
  client?: ClientEntity;

  /** The validated authorization request parameters. */
  @Column({ type: 'jsonb' })
  parameters: Record<string, unknown>;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set when the flow it started completes: the request_uri is single use (reloads before that still work). */
  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
