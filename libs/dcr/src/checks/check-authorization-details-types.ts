// RFC 9396 §10 authorization_details_types: the RAR types the client may use, a subset of the server's.
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';
import { optionalStringArray } from '../metadata-members';

/** Omitted means every type the server supports (the PAR check treats an absent list that way). */
export function checkAuthorizationDetailsTypes({ input, policy, output }: MetadataCheckContext): void {
  const types = optionalStringArray(input, 'authorization_details_types');
  if (types === undefined) return;
  const refused = types.filter((t) => !policy.authorizationDetailsTypes.includes(t));
  if (refused.length > 0) {
    throw invalidClientMetadata(`authorization_details_types ${refused.join(', ')} not supported`);
  }
  output.authorization_details_types = types;
}
