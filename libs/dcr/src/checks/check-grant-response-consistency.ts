// RFC 7591 §2.1 (REG-06): grant_types and response_types must agree; refresh tokens come from a code grant.
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';

export function checkGrantResponseConsistency({ output }: MetadataCheckContext): void {
  const grants = output.grant_types!;
  const usesCode = grants.includes('authorization_code');
  const codeResponse = output.response_types!.includes('code');
  if (usesCode && !codeResponse) {
    throw invalidClientMetadata('grant_types authorization_code requires response_types ["code"]');
  }
  if (codeResponse && !usesCode) {
    throw invalidClientMetadata('response_types "code" requires the authorization_code grant in grant_types');
  }
  if (grants.includes('refresh_token') && !usesCode) {
    throw invalidClientMetadata('grant_types refresh_token requires the authorization_code grant');
  }
}
