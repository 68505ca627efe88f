// RFC 7591 §2 response_types, FAPI2-SP 5.3.2.2-1 (REG-06): only "code"; nothing returned from the front channel.
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';
import { optionalStringArray } from '../metadata-members';

/** Default `["code"]` (RFC 7591 §2) for clients with the authorization_code grant, else `[]`. */
export function checkResponseTypes({ input, output }: MetadataCheckContext): void {
  const usesCode = output.grant_types!.includes('authorization_code');
  const responseTypes = optionalStringArray(input, 'response_types') ?? (usesCode ? ['code'] : []);
  const refused = responseTypes.filter((r) => r !== 'code');
  if (refused.length > 0) {
    throw invalidClientMetadata(`response_types ${refused.map((r) => `"${r}"`).join(', ')} not supported, use "code"`);
  }
  output.response_types = responseTypes as 'code'[];
}
