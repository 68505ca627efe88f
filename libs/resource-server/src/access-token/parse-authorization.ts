// RFC 6750 §2.1, RFC 9449 §7.1, RFC 9110 §11.1: `Authorization: DPoP <token>` or `Bearer <token>`, scheme case-insensitive.
import { invalidToken, missingToken, type TokenScheme } from './challenges';

const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

export function parseAuthorization(header: string | undefined): { scheme: TokenScheme; token: string } {
  if (header === undefined || header.trim() === '') throw missingToken();
  const match = /^(\S+) +(\S+)$/.exec(header.trim());
  const scheme = match ? normalizeScheme(match[1]!) : undefined;
  if (!match || !scheme) throw missingToken();
  if (!TOKEN68.test(match[2]!)) throw invalidToken(scheme, 'The access token is malformed');
  return { scheme, token: match[2]! };
}

function normalizeScheme(raw: string): TokenScheme | undefined {
  const lower = raw.toLowerCase();
  if (lower === 'dpop') return 'DPoP';
  if (lower === 'bearer') return 'Bearer';
  return undefined;
}
