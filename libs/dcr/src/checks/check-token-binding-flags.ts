// RFC 9449 §5.2, RFC 8705 §3.4, RFC 9126 §6 (REG-14): the sender-constraint and PAR flags are JSON booleans.
import type { MetadataCheckContext } from '../metadata-check-context';
import { optionalBoolean } from '../metadata-members';

/** require_pushed_authorization_requests is always true here: FAPI2-SP 5.3.2.2-2 requires PAR of every client. */
export function checkTokenBindingFlags({ input, output }: MetadataCheckContext): void {
  output.dpop_bound_access_tokens = optionalBoolean(input, 'dpop_bound_access_tokens') ?? false;
  output.tls_client_certificate_bound_access_tokens =
    optionalBoolean(input, 'tls_client_certificate_bound_access_tokens') ?? false;
  optionalBoolean(input, 'require_pushed_authorization_requests');
  output.require_pushed_authorization_requests = true;
}
