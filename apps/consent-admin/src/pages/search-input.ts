import { CONSENT_STATUSES, type ConsentStatus } from '@ofs/consent-store';

/** Account ids as the banks number them (as the consent storage API accepts them). */
const ACCOUNT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const PRINTABLE = /^[\x21-\x7e]{1,200}$/;

/** One text field of a search form: trimmed, absent when empty; `error` when it cannot match anything valid. */
export function textField(value: unknown, rule: 'account' | 'client' | 'text'): { value?: string; error?: string } {
  if (typeof value !== 'string') return {};
  const trimmed = value.trim();
  if (!trimmed) return {};
  if (rule === 'account' && !ACCOUNT_ID.test(trimmed))
    return { value: trimmed, error: 'An account id is 1 to 64 letters, digits, “.”, “_” or “-”.' };
  if (rule === 'client' && !PRINTABLE.test(trimmed))
    return { value: trimmed, error: 'A client id has no spaces and is at most 200 characters.' };
  if (rule === 'text' && trimmed.length > 200) return { value: trimmed, error: 'At most 200 characters.' };
  return { value: trimmed };
}

export function statusField(value: unknown): ConsentStatus | undefined {
  return CONSENT_STATUSES.includes(value as ConsentStatus) ? (value as ConsentStatus) : undefined;
}

/** A path id (consent id or client id): printable and short, else it names nothing. */
export function isPathId(value: string): boolean {
  return PRINTABLE.test(value);
}
