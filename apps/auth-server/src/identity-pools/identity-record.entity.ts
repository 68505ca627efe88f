import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { IdentityPoolEntity } from './identity-pool.entity';

/** A record's attributes: a JSON object that validates against its pool's schema. */
export type RecordAttributes = Record<string, unknown>;

/** One record of an identity pool, with a version for optimistic concurrency (ETag / If-Match). */
@Entity({ name: 'identity_record' })
@Unique('uq_identity_record_username', ['poolPk', 'username'])
@Index('ix_identity_record_pool_created', ['poolPk', 'createdAt', 'id'])
export class IdentityRecordEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'pool_pk', type: 'uuid' })
  poolPk: string;

  @ManyToOne(() => IdentityPoolEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pool_pk', foreignKeyConstraintName: 'fk_identity_record_pool' })
  pool?: IdentityPoolEntity;

  @Column({ type: 'jsonb' })
  attributes: RecordAttributes;

  /** The string attribute `username`, when the record has one: the login name, unique in its pool. */
  @Column({ type: 'text', nullable: true })
  username: string | null;

  /** A salted scrypt hash (`$scrypt$ln=…,r=…,p=…$salt$hash`) of the record's password; never returned. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  /** 1 at creation, raised by every update (the record's ETag). */
  @Column({ type: 'integer' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
