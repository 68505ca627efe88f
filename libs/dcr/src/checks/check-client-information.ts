// RFC 7591 §2: human-readable and software metadata (client_name, *_uri, contacts, software_id/_version).
import type { MetadataCheckContext } from '../metadata-check-context';
import { optionalHttpsUrl, optionalString, optionalStringArray } from '../metadata-members';

const URL_MEMBERS = ['client_uri', 'logo_uri', 'policy_uri', 'tos_uri'] as const;

/** Shown to end users on the consent page, so URLs must be https (RFC 7591 §5 "MUST ... be checked"). */
export function checkClientInformation({ input, output }: MetadataCheckContext): void {
  const clientName = optionalString(input, 'client_name', 200);
  if (clientName !== undefined) output.client_name = clientName;
  for (const member of URL_MEMBERS) {
    const url = optionalHttpsUrl(input, member);
    if (url !== undefined) output[member] = url;
  }
  const contacts = optionalStringArray(input, 'contacts', 20);
  if (contacts !== undefined) output.contacts = contacts;
  for (const member of ['software_id', 'software_version'] as const) {
    const value = optionalString(input, member, 200);
    if (value !== undefined) output[member] = value;
  }
}
