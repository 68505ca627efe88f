// OIDC DCR §2, JARM §3, RFC 9701 §6: encrypted responses and request objects are not supported by this server.
import { ENCRYPTION_MEMBERS } from '../client-metadata';
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';

/** Refused rather than ignored, so that a client never expects encrypted responses it will not get. */
export function checkNoEncryption({ input }: MetadataCheckContext): void {
  const member = ENCRYPTION_MEMBERS.find((m) => input[m] !== undefined);
  if (member) throw invalidClientMetadata(`${member} is not supported: this server does not use encryption`);
}
