// RFC 7592 §2.2 (REG-12): a client update request replaces the whole registration, validated like a new one.
import { checkUpdateClientId } from './checks/check-update-client-id';
import { checkUpdateReadOnlyMembers } from './checks/check-update-read-only-members';
import type { RegisteredClientMetadata, RegistrationPolicy } from './client-metadata';
import { invalidClientMetadata } from './metadata-check-context';
import { validateClientMetadata } from './validate-client-metadata';

/**
 * Full-replacement semantics: members left out take their defaults or are removed, exactly as in a new
 * registration (RFC 7592 §2.2 "omitted fields MUST be treated as null or empty values"). Throws
 * `invalid_request` for the read-only members, `invalid_client_metadata` for a missing or different
 * client_id, and otherwise whatever {@link validateClientMetadata} throws. A failure changes nothing: the
 * caller stores the result only on success (REG-12 "a failed PUT leaves the stored metadata unchanged").
 */
export async function validateClientUpdate(
  body: unknown,
  existing: { readonly client_id: string },
  policy: RegistrationPolicy,
): Promise<RegisteredClientMetadata> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidClientMetadata('the client metadata must be a JSON object');
  }
  const members = body as Readonly<Record<string, unknown>>;
  checkUpdateReadOnlyMembers(members);
  checkUpdateClientId(members, existing.client_id);
  return validateClientMetadata(body, policy);
}
