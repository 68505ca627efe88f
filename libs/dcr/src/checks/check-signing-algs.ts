// FAPI2-SP 5.4.1 (REG-07, DISC-15): every signing-alg member is PS256, ES256 or EdDSA; never none, HS*, RS256.
import { SIGNING_ALG_MEMBERS } from '../client-metadata';
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';

/**
 * id_token_signed_response_alg defaults to the policy's first alg (PS256): the OIDC DCR default RS256 is not
 * a FAPI alg, and oauth4webapi takes the alg from client metadata when it is registered.
 */
export function checkSigningAlgs({ input, policy, output }: MetadataCheckContext): void {
  const allowed = policy.signingAlgs as readonly string[];
  for (const member of SIGNING_ALG_MEMBERS) {
    const alg = input[member];
    if (alg === undefined) continue;
    if (typeof alg !== 'string') throw invalidClientMetadata(`${member} must be a string`);
    if (!allowed.includes(alg)) {
      throw invalidClientMetadata(`${member} ${alg} is not allowed, use one of ${allowed.join(', ')}`);
    }
    output[member] = alg as (typeof policy.signingAlgs)[number];
  }
  output.id_token_signed_response_alg ??= policy.signingAlgs[0];
}
