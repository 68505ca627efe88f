import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DpopNonceService } from '@ofs/fapi';

/** RFC 9449 §8 server nonces, stateless (HMAC of the time window). A restart simply asks clients for a new one. */
@Injectable()
export class DpopNonces extends DpopNonceService {
  constructor() {
    super({ secret: randomBytes(32), windowSec: 120, required: true });
  }
}
