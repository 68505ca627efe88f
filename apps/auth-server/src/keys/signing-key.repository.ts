import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { SigningKeyEntity } from './signing-key.entity';

/** A key as generated, before it is stored. */
export type NewSigningKey = Pick<
  SigningKeyEntity,
  'serverPk' | 'kid' | 'alg' | 'status' | 'publicJwk' | 'privateJwk' | 'retiredAt'
>;

/** The `signing_key` table: a server's signing keys, always by server. */
@Injectable()
export class SigningKeyRepository {
  constructor(@InjectRepository(SigningKeyEntity) private readonly rows: Repository<SigningKeyEntity>) {}

  listActive(serverPk: string): Promise<SigningKeyEntity[]> {
    return this.rows.findBy({ serverPk, status: 'active' });
  }

  /** Every key of the server, newest first. */
  listForServer(serverPk: string): Promise<SigningKeyEntity[]> {
    return this.rows.find({ where: { serverPk }, order: { createdAt: 'DESC' } });
  }

  /** Stores a new key (in the transaction of `m` when given). */
  insert(key: NewSigningKey, m?: EntityManager): Promise<SigningKeyEntity> {
    const repo = m ? m.getRepository(SigningKeyEntity) : this.rows;
    return repo.save(repo.create(key));
  }

  /** Retires the server's active key(s) for `alg`, in the caller's transaction. */
  async retireActive(m: EntityManager, serverPk: string, alg: string, retiredAt: Date): Promise<void> {
    await m.update(SigningKeyEntity, { serverPk, alg, status: 'active' }, { status: 'retired', retiredAt });
  }
}
