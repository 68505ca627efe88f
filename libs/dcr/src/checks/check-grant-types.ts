// RFC 7591 §2 grant_types (default ["authorization_code"]), FAPI2-SP 5.3.2.1-2 (REG-06): no implicit, no password.
import type { GrantType } from '../client-metadata';
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';
import { optionalStringArray } from '../metadata-members';

export function checkGrantTypes({ input, policy, output }: MetadataCheckContext): void {
  const grantTypes = optionalStringArray(input, 'grant_types') ?? ['authorization_code'];
  if (grantTypes.length === 0) throw invalidClientMetadata('grant_types must not be empty');
  const refused = grantTypes.filter((g) => !(policy.grantTypesSupported as readonly string[]).includes(g));
  if (refused.length > 0) {
    throw invalidClientMetadata(
      `grant_types ${refused.join(', ')} not supported, use ${policy.grantTypesSupported.join(', ')}`,
    );
  }
  output.grant_types = grantTypes as GrantType[];
}
