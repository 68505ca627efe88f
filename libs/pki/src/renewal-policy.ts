import type { x509 } from './x509';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate is renewed once it is this close to expiry. */
export const RENEW_BEFORE_DAYS = 30;
/** Certificates are back-dated this much so a slightly slow clock elsewhere still accepts them. */
export const BACKDATE_MS = 60 * 60 * 1000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Why a certificate's validity period makes it unfit at `now`, or undefined when it is fine. */
export function validityProblem(cert: x509.X509Certificate, now: Date): string | undefined {
  if (cert.notBefore.getTime() > now.getTime()) return `not valid before ${cert.notBefore.toISOString()}`;
  if (cert.notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) {
    return `expires ${cert.notAfter.toISOString()} (within ${RENEW_BEFORE_DAYS} days)`;
  }
  return undefined;
}
