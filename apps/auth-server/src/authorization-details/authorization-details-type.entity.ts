import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { AuthorizationDetailsSchema } from '@ofs/oauth';
import { ServerEntity } from '../servers/server.entity';

/** An RFC 9396 authorization_details type a server accepts, with the JSON Schema its objects must match. */
@Entity({ name: 'authorization_details_type' })
export class AuthorizationDetailsTypeEntity {
  @PrimaryColumn({ name: 'server_pk', type: 'uuid' })
  serverPk: string;

  @ManyToOne(() => ServerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'server_pk', foreignKeyConstraintName: 'fk_authorization_details_type_server' })
  server?: ServerEntity;

  @PrimaryColumn({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  schema: AuthorizationDetailsSchema;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
