import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { ServerSettings } from './server-settings';
import { ServerEntity } from './server.entity';

/** The `server` table: the authorization servers, by tenant and server id. */
@Injectable()
export class ServerRepository {
  constructor(@InjectRepository(ServerEntity) private readonly rows: Repository<ServerEntity>) {}

  /** Inserts a seeded server unless the tenant has it already: the new server's key, or null. */
  async insertIfAbsent(
    server: Pick<ServerEntity, 'tenant' | 'serverId' | 'name' | 'settings'>,
  ): Promise<string | null> {
    const inserted = await this.rows
      .createQueryBuilder()
      .insert()
      .values(server)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (inserted.raw as Array<{ id: string }>)[0]?.id ?? null;
  }

  /** Every server of every tenant (the seeding at start-up). */
  listAll(): Promise<ServerEntity[]> {
    return this.rows.find();
  }

  findByTenant(tenant: string, serverId: string): Promise<ServerEntity | null> {
    return this.rows.findOneBy({ tenant, serverId });
  }

  async updateSettings(serverPk: string, settings: ServerSettings): Promise<void> {
    await this.rows.update({ id: serverPk }, { settings });
  }

  /** The admin API's change: settings, and the name when given, in the caller's transaction. */
  async updateSettingsAndName(
    m: EntityManager,
    serverPk: string,
    settings: ServerSettings,
    name: string | undefined,
  ): Promise<void> {
    await m.update(ServerEntity, { id: serverPk }, { settings, ...(name ? { name } : {}) });
  }
}
