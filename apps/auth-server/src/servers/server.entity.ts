import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { ServerSettings } from './server-settings';

/** One authorization server ("server", one per bank) inside a tenant, with its own issuer, keys and clients. */
@Entity({ name: 'server' })
@Unique('uq_server_tenant_server', ['tenant', 'serverId'])
export class ServerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  tenant: string;

  @Column({ name: 'server_id', type: 'text' })
  serverId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'jsonb' })
  settings: ServerSettings;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
