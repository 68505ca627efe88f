import type { ClientEntity } from '../../clients/client.entity';
import type { ServerContext } from '../../servers/server-context';

/** What every PAR check sees: the form as sent, the authorization request it carries, the client, its server. */
export interface ParCheckContext {
  /** The single-valued form parameters, as sent (client authentication included). */
  form: Record<string, string>;
  /** The authorization request: the signed request object's parameters (RFC 9126 §3), or the form's. */
  params: Record<string, string>;
  client: ClientEntity;
  server: ServerContext;
}

export type ParCheck = (ctx: ParCheckContext) => void;
