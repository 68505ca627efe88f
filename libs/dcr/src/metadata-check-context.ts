// RFC 7591 §3.2.2: what every client-metadata check sees, and the registration errors they raise.
import { OAuthError } from '@ofs/oauth';
import type { RegisteredClientMetadata, RegistrationPolicy } from './client-metadata';

export interface MetadataCheckContext {
  /** The request's known members; members sent as JSON null count as omitted (RFC 7592 §2.2). */
  readonly input: Readonly<Record<string, unknown>>;
  readonly policy: RegistrationPolicy;
  /** Filled in by the checks, in order: later checks may read what earlier ones normalised. */
  readonly output: Partial<RegisteredClientMetadata>;
}

export type ClientMetadataCheck = (ctx: MetadataCheckContext) => void | Promise<void>;

export function invalidClientMetadata(description: string, detail?: string): OAuthError {
  return new OAuthError('invalid_client_metadata', description, { detail });
}

export function invalidRedirectUri(description: string): OAuthError {
  return new OAuthError('invalid_redirect_uri', description);
}
