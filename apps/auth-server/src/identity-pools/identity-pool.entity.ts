import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** A JSON Schema (draft 2020-12) for the attributes of a pool's records. */
export type AttributeSchema = Record<string, unknown>;

/**
 * An identity pool of a tenant: records (users, staff, consents…) whose attributes follow the pool's JSON
 * Schema. Every server of the tenant shares the tenant's pools; a server's settings name the pool its login
 * page authenticates against.
 */
@Entity({ name: 'identity_pool' })
@Unique('uq_identity_pool_tenant_pool', ['tenant', 'poolId'])
export class IdentityPoolEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  tenant: string;

  /** The pool's name in its tenant (in URLs), e.g. `obgeneric-customers`. */
  @Column({ name: 'pool_id', type: 'text' })
  poolId: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'jsonb' })
  schema: AttributeSchema;

  /** Raised by every schema change (the pool's ETag). */
  @Column({ name: 'schema_version', type: 'integer', default: 1 })
  schemaVersion: number;

  /**
   * When set, the records are consents of this server of the tenant (consent_id = record id): a record whose
   * `status` becomes `revoked`, or that is deleted, revokes every token and unredeemed code of that consent.
   */
  @Column({ name: 'consents_of_server', type: 'text', nullable: true })
  consentsOfServer: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
