// RFC 7591 §3.1.1 and §3.2.2 (REG-08): open registration trusts no software statement issuer.
import { OAuthError } from '@ofs/oauth';
import type { MetadataCheckContext } from '../metadata-check-context';

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

/**
 * A `software_statement` that is not even a compact JWS is `invalid_software_statement`; a well-formed one is
 * `unapproved_software_statement`, since no issuer is configured whose statements could be approved. Refusing
 * (rather than ignoring) keeps a client from believing its asserted metadata was honoured.
 */
export function checkSoftwareStatement({ input }: MetadataCheckContext): void {
  const statement = input.software_statement;
  if (statement === undefined) return;
  if (typeof statement !== 'string' || !COMPACT_JWS.test(statement) || !hasJsonHeader(statement)) {
    throw new OAuthError('invalid_software_statement', 'software_statement must be a signed JWT');
  }
  throw new OAuthError(
    'unapproved_software_statement',
    'software_statement is not accepted: this server has no trusted software statement issuer',
  );
}

function hasJsonHeader(jws: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && !Array.isArray(header);
  } catch {
    return false;
  }
}
