// RFC 7591 §3.2.1 / RFC 7592 §2.1-2.2: the client information response (registration, read and update).
import type { RegisteredClientMetadata } from './client-metadata';

/** What the server issued for the client (never a client_secret: no secret-based authentication here). */
export interface ClientRegistrationCredentials {
  readonly client_id: string;
  /** Seconds since the epoch. */
  readonly client_id_issued_at?: number;
  /** Both or neither (REG-01); neither for clients created outside RFC 7592 management. */
  readonly registration_access_token?: string;
  readonly registration_client_uri?: string;
}

export type ClientInformationResponse = {
  client_id: string;
  client_id_issued_at?: number;
} & RegisteredClientMetadata & {
    registration_access_token?: string;
    registration_client_uri?: string;
  };

/**
 * `client_id` first, then every registered value (with the server's substitutions, e.g. default scope),
 * then the RFC 7592 management credentials. Throws TypeError on credentials a client could not use.
 */
export function clientInformationResponse(
  metadata: RegisteredClientMetadata,
  credentials: ClientRegistrationCredentials,
): ClientInformationResponse {
  const { client_id, client_id_issued_at, registration_access_token, registration_client_uri } = credentials;
  if (typeof client_id !== 'string' || client_id === '') throw new TypeError('client_id must be a non-empty string');
  if (client_id_issued_at !== undefined && !Number.isSafeInteger(client_id_issued_at)) {
    throw new TypeError('client_id_issued_at must be whole seconds since the epoch');
  }
  if ((registration_access_token === undefined) !== (registration_client_uri === undefined)) {
    throw new TypeError('registration_access_token and registration_client_uri go together (RFC 7592 §3)');
  }
  if (registration_access_token === '') throw new TypeError('registration_access_token must not be empty');
  if (registration_client_uri !== undefined && !registration_client_uri.startsWith('https://')) {
    throw new TypeError('registration_client_uri must be an https URL');
  }
  return {
    client_id,
    ...(client_id_issued_at !== undefined && { client_id_issued_at }),
    ...metadata,
    ...(registration_access_token !== undefined && { registration_access_token, registration_client_uri }),
  };
}
