import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A secret every process of the authorization server must share (workers of one host, replicas behind a load
 * balancer), made once by whichever process needs it first. Stored in plaintext, like the signing keys: a
 * sandbox trade-off (a KMS would hold it in production).
 */
@Entity({ name: 'instance_secret' })
export class InstanceSecretEntity {
  /** What it is for, e.g. `dpop_nonce`. */
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ type: 'bytea' })
  secret: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
