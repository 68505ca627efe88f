import type { ValidateFunction } from 'ajv';
import type { AuthorizationDetailsSchema } from '@ofs/oauth';
import type { ServerEntity } from './server.entity';

/** An RFC 9396 type the server accepts, with its JSON Schema compiled. */
export interface ServerAuthorizationDetailsType {
  type: string;
  schema: AuthorizationDetailsSchema;
  validate: ValidateFunction;
}

/** A server as its endpoints see it: the stored row plus its public URLs. */
export interface ServerContext {
  entity: ServerEntity;
  /** `https://localhost:8443/obgeneric/gobank`: the issuer identifier, used verbatim everywhere (DISC-03). */
  issuer: string;
  /** The same path on the mutual-TLS port (RFC 8705 §5 endpoint aliases). */
  mtlsBase: string;
  /** RFC 9396 types, by name (DISC-21, PAR-23). */
  authorizationDetailsTypes: ReadonlyMap<string, ServerAuthorizationDetailsType>;
}
