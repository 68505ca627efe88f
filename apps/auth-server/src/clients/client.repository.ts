import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { ClientEntity } from './client.entity';

/** A client as it is first stored (registration or seed). */
export type NewClient = Pick<
  ClientEntity,
  'clientId' | 'serverPk' | 'metadata' | 'registrationAccessTokenHash' | 'system'
>;

/**
 * The `client` table. A client id is unique across servers (the primary key); reads are by server, so another
 * server's client does not exist here.
 */
@Injectable()
export class ClientRepository {
  constructor(@InjectRepository(ClientEntity) private readonly rows: Repository<ClientEntity>) {}

  findForServer(serverPk: string, clientId: string): Promise<ClientEntity | null> {
    return this.rows.findOneBy({ serverPk, clientId });
  }

  /** The server's clients, oldest first. */
  listForServer(serverPk: string): Promise<ClientEntity[]> {
    return this.rows.find({ where: { serverPk }, order: { createdAt: 'ASC' } });
  }

  /** The server's seeded system client of that id. */
  findSystemClient(serverPk: string, clientId: string): Promise<ClientEntity | null> {
    return this.rows.findOneBy({ clientId, serverPk, system: true });
  }

  /** Inserts a seeded client unless its id exists already. */
  async insertIfAbsent(client: NewClient): Promise<void> {
    await this.rows.manager.createQueryBuilder().insert().into(ClientEntity).values(client).orIgnore().execute();
  }

  /** Stores a registered client, in the caller's transaction. */
  insert(m: EntityManager, client: NewClient & Pick<ClientEntity, 'createdAt'>): Promise<ClientEntity> {
    const clients = m.getRepository(ClientEntity);
    return clients.save(clients.create(client));
  }

  /** Writes a client's changed metadata back, in the caller's transaction. */
  save(m: EntityManager, client: ClientEntity): Promise<ClientEntity> {
    return m.getRepository(ClientEntity).save(client);
  }

  async updateMetadata(clientId: string, metadata: ClientEntity['metadata']): Promise<void> {
    await this.rows.update({ clientId }, { metadata });
  }

  /** Deletes the client (its tokens, codes and pushed requests go with it), in the caller's transaction. */
  async delete(m: EntityManager, clientId: string): Promise<void> {
    await m.getRepository(ClientEntity).delete({ clientId });
  }
}
