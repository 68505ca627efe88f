// FAPI2-SP 5.3.2.2-14: state and nonce are echoed exactly; bound their size so requests stay sane (PAR-24).
import { OAuthError } from '@ofs/oauth';
import type { ParCheck } from './par-check';

const LIMITS: Record<string, number> = { state: 4096, nonce: 1024, login_hint: 512, acr_values: 512, ui_locales: 256 };

export const checkLengths: ParCheck = ({ params }) => {
  for (const [name, limit] of Object.entries(LIMITS)) {
    if ((params[name]?.length ?? 0) > limit)
      throw new OAuthError('invalid_request', `${name} is longer than ${limit} characters`);
  }
};
