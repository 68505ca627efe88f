// FAPI2-SP 5.3.2.2-5, RFC 7636 §4.3: a S256 code_challenge is required; plain is refused (PAR-12, PAR-13).
import { validateCodeChallenge } from '@ofs/fapi';
import type { ParCheck } from './par-check';

export const checkPkce: ParCheck = ({ params }) =>
  validateCodeChallenge(params.code_challenge, params.code_challenge_method);
