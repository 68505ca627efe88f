import type { Provider } from '@nestjs/common';
import { DpopNonceService } from '@ofs/fapi';
import { InstanceSecretRepository } from '../secrets/instance-secret.repository';
import { sharedSecret } from '../secrets/shared-secret';

/**
 * RFC 9449 §8 server nonces, stateless (HMAC of the time window) with a key every process shares (kept in the
 * database), so a nonce one worker or replica hands out is good at all the others, and across restarts.
 */
export class DpopNonces extends DpopNonceService {
  constructor(secret: Uint8Array) {
    super({ secret, windowSec: 120, required: true });
  }
}

export const dpopNoncesProvider: Provider = {
  provide: DpopNonces,
  useFactory: async (secrets: InstanceSecretRepository) => new DpopNonces(await sharedSecret(secrets, 'dpop_nonce')),
  inject: [InstanceSecretRepository],
};
