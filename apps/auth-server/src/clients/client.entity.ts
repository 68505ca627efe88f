import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ServerEntity } from '../servers/server.entity';
import type { StoredClientMetadata } from './client-metadata';

/** A client registered with one server (RFC 7591), its metadata as registered (normalised). */
@Entity({ name: 'client' })
@Index('ix_client_server', ['serverPk'])
export class ClientEntity {
  /** The client_id: random, unique across servers. */
  @PrimaryColumn({ name: 'client_id', type: 'text' })
  clientId: string;

  @Column({ name: 'server_pk', type: 'uuid' })
  serverPk: string;

  @ManyToOne(() => ServerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'server_pk', foreignKeyConstraintName: 'fk_client_server' })
  server?: ServerEntity;

  @Column({ type: 'jsonb' })
  metadata: StoredClientMetadata;

  /** SHA-256 (base64url) of the RFC 7592 registration access token; null for clients created by the admin API. */
  @Column({ name: 'registration_access_token_hash', type: 'text', nullable: true })
  registrationAccessTokenHash: string | null;

  /** Clients of the bank itself, which may hold system scopes; never created by open registration. */
  @Column({ type: 'boolean', default: false })
  system: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
