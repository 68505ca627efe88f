import type { ServerEntity } from './server.entity';

/** A server as its endpoints see it: the stored row plus its public URLs. */
export interface ServerContext {
  entity: ServerEntity;
  /** `https://localhost:8443/obgeneric/gobank`: the issuer identifier, used verbatim everywhere (DISC-03). */
  issuer: string;
  /** The same path on the mutual-TLS port (RFC 8705 §5 endpoint aliases). */
  mtlsBase: string;
}
