import type { ClientEntity } from '../../clients/client.entity';
import type { ServerContext } from '../../servers/server-context';

/** What every PAR check sees: the single-valued form parameters, the authenticated client, its server. */
export interface ParCheckContext {
  params: Record<string, string>;
  client: ClientEntity;
  server: ServerContext;
}

export type ParCheck = (ctx: ParCheckContext) => void;
