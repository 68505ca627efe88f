import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DpopNonceService } from '@ofs/fapi';
import type { DataSource } from 'typeorm';
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
  useFactory: async (db: DataSource) => new DpopNonces(await sharedSecret(db, 'dpop_nonce')),
  inject: [getDataSourceToken()],
};
