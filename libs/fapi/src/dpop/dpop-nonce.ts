// RFC 9449 §8 and §9, FAPI2-SP 5.3.2.1-10: server-provided DPoP nonces, stateless (an HMAC of the time window).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a DPoP verifier needs to know about server nonces. */
export interface DpopNonceCheck {
  /** Whether a proof without `nonce` is refused with `use_dpop_nonce` (RFC 9449 §8, §11.3). */
  readonly required: boolean;
  isValid(nonce: string, now: Date): boolean;
  /** The longest a nonce stays valid after it was handed out (a proof carrying it is that fresh at least). */
  readonly lifetimeSec: number;
  /** The nonce to send in `DPoP-Nonce` (1*NQCHAR). */
  fresh(now: Date): string;
}

export interface DpopNonceServiceOptions {
  /** At least 32 bytes; the same secret on every instance (and at the RS when it shares the AS origin). */
  secret: string | Uint8Array;
  /** Length of a time window; a nonce is valid in its window and the next. Default 120 s. */
  windowSec?: number;
  /** Default true. */
  required?: boolean;
}

/** Nonce = base64url HMAC-SHA256(secret, window number): no storage, valid for the current and the previous window. */
export class DpopNonceService implements DpopNonceCheck {
  readonly required: boolean;
  private readonly secret: Buffer;
  private readonly windowSec: number;
  /** The MACs of the last windows asked for: every request needs the current one, most the previous one too. */
  private readonly macs = new Map<number, string>();

  constructor(options: DpopNonceServiceOptions) {
    this.secret =
      typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : Buffer.from(options.secret);
    if (this.secret.length < 32) throw new TypeError('The DPoP nonce secret must be at least 32 bytes');
    this.windowSec = options.windowSec ?? 120;
    if (!Number.isInteger(this.windowSec) || this.windowSec <= 0) {
      throw new TypeError('The DPoP nonce window must be a positive number of seconds');
    }
    this.required = options.required ?? true;
  }

  /** The current window and the next one. */
  get lifetimeSec(): number {
    return 2 * this.windowSec;
  }

  fresh(now: Date): string {
    return this.mac(this.window(now));
  }

  isValid(nonce: string, now: Date): boolean {
    const current = this.window(now);
    const given = Buffer.from(nonce);
    return [current, current - 1].some((window) => {
      const expected = Buffer.from(this.mac(window));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  }

  private window(now: Date): number {
    return Math.floor(now.getTime() / 1000 / this.windowSec);
  }

  private mac(window: number): string {
    let mac = this.macs.get(window);
    if (mac === undefined) {
      mac = createHmac('sha256', this.secret).update(`dpop-nonce:${window}`).digest('base64url');
      if (this.macs.size >= 4) this.macs.delete(this.macs.keys().next().value!);
      this.macs.set(window, mac);
    }
    return mac;
  }
}
