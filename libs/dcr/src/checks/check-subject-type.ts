// OIDC DCR §2 subject_type, OIDC Core §8: public or pairwise, as far as the server supports it (DISC-16).
import { FAPI_REGISTRATION_DEFAULTS, type SubjectType } from '../client-metadata';
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';

export function checkSubjectType({ input, policy, output }: MetadataCheckContext): void {
  const supported = policy.subjectTypesSupported ?? FAPI_REGISTRATION_DEFAULTS.subjectTypesSupported;
  const subjectType = input.subject_type ?? supported[0];
  if (typeof subjectType !== 'string') throw invalidClientMetadata('subject_type must be a string');
  if (!(supported as readonly string[]).includes(subjectType)) {
    throw invalidClientMetadata(`subject_type ${subjectType} is not supported, use ${supported.join(' or ')}`);
  }
  output.subject_type = subjectType as SubjectType;
}
