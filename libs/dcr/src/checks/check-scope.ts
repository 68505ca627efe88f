// RFC 7591 §2 scope (RFC 6749 §3.3 syntax), plus Cloudentity ACP's `scopes` array (REFERENCE §c.2).
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * `scope` (space-separated string) or `scopes` (array of strings); both may be sent if they name the same set.
 * Omitted or empty means the policy's default scopes (minus system scopes). Every scope must be supported and
 * none may be a system scope: those belong to the bank's own clients, never to open registration. The output
 * is one `scope` string in the client's order without duplicates.
 */
export function checkScope({ input, policy, output }: MetadataCheckContext): void {
  const fromString = scopeString(input.scope);
  const fromArray = scopeArray(input.scopes);
  if (fromString && fromArray && !sameSet(fromString, fromArray)) {
    throw invalidClientMetadata('scope and scopes must name the same scopes when both are present');
  }
  const requested = fromString ?? fromArray;
  if (!requested) {
    const defaults = policy.defaultScopes.filter(
      (s) => policy.scopesSupported.includes(s) && !policy.systemScopes.includes(s),
    );
    output.scope = [...new Set(defaults)].join(' ');
    return;
  }
  for (const scope of requested) {
    if (!SCOPE_TOKEN.test(scope)) throw invalidClientMetadata(`scope ${scope} is not a valid scope token`);
    if (policy.systemScopes.includes(scope)) {
      throw invalidClientMetadata(`scope ${scope} is reserved and cannot be registered dynamically`);
    }
    if (!policy.scopesSupported.includes(scope)) throw invalidClientMetadata(`scope ${scope} is not supported`);
  }
  output.scope = [...new Set(requested)].join(' ');
}

function scopeString(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidClientMetadata('scope must be a space-separated string');
  const scopes = value.split(' ').filter((s) => s !== '');
  return scopes.length > 0 ? scopes : undefined;
}

function scopeArray(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
    throw invalidClientMetadata('scopes must be an array of strings');
  }
  const scopes = value.filter((s) => s !== '');
  return scopes.length > 0 ? scopes : undefined;
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((s) => right.has(s));
}
