// RFC 7591 §2: the JSON types of client metadata members. Each failure names the member.
import { invalidClientMetadata } from './metadata-check-context';

type Input = Readonly<Record<string, unknown>>;

export function optionalString(input: Input, name: string, maxLength = 2048): string | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > maxLength) {
    throw invalidClientMetadata(`${name} must be a non-empty string of at most ${maxLength} characters`);
  }
  return value;
}

export function optionalBoolean(input: Input, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidClientMetadata(`${name} must be a JSON boolean`);
  return value;
}

/** An array of non-empty strings, duplicates removed (first occurrence kept). */
export function optionalStringArray(input: Input, name: string, maxItems = 100): string[] | undefined {
  const value = input[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > maxItems) {
    throw invalidClientMetadata(`${name} must be an array of at most ${maxItems} strings`);
  }
  if (!value.every((item) => typeof item === 'string' && item !== '')) {
    throw invalidClientMetadata(`${name} must contain only non-empty strings`);
  }
  return [...new Set(value as string[])];
}

/** An absolute https URL without userinfo (RFC 7591 §2 client_uri, logo_uri, ...; RFC 8414 §2 jwks_uri). */
export function optionalHttpsUrl(input: Input, name: string, { fragment = true } = {}): string | undefined {
  const value = optionalString(input, name);
  if (value === undefined) return undefined;
  const url = parseUrl(value);
  if (!url || url.protocol !== 'https:' || url.username !== '' || url.password !== '') {
    throw invalidClientMetadata(`${name} must be an absolute https URL without user information`);
  }
  if (!fragment && value.includes('#')) throw invalidClientMetadata(`${name} must not contain a fragment`);
  return value;
}

/** `new URL`, but only for strings that are a URL as written: no surrounding or embedded whitespace. */
export function parseUrl(value: string): URL | undefined {
  if (/\s/.test(value) || [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
