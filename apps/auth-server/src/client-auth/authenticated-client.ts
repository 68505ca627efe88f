import type { ClientEntity } from '../clients/client.entity';

export type ClientAuthMethod = 'private_key_jwt' | 'tls_client_auth' | 'self_signed_tls_client_auth';

export interface AuthenticatedClient {
  client: ClientEntity;
  method: ClientAuthMethod;
  /** RFC 8705 §3.1 `x5t#S256` of the certificate presented on this connection, when there was one. */
  certificateThumbprint?: string;
}
