// RFC 7591 §2 redirect_uris, RFC 6749 §3.1.2, FAPI2-SP 5.3.2.2-8 (REG-02): absolute https (or loopback http), no fragment.
import { invalidRedirectUri, type MetadataCheckContext } from '../metadata-check-context';
import { parseUrl } from '../metadata-members';

/** RFC 8252 §7.3 loopback hosts, for which plain http is tolerated (REG-02: "not https and not loopback"). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_REDIRECT_URIS = 20;
const MAX_LENGTH = 2000;

/**
 * Required (and non-empty) with the authorization_code grant. Every entry is kept exactly as sent, query
 * included, since the authorization endpoint compares redirect URIs as exact strings.
 */
export function checkRedirectUris({ input, output }: MetadataCheckContext): void {
  const value = input.redirect_uris;
  const needed = output.grant_types!.includes('authorization_code');
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    if (needed) throw invalidRedirectUri('redirect_uris is required for the authorization_code grant');
    output.redirect_uris = [];
    return;
  }
  if (!Array.isArray(value) || value.length > MAX_REDIRECT_URIS) {
    throw invalidRedirectUri(`redirect_uris must be an array of at most ${MAX_REDIRECT_URIS} URLs`);
  }
  for (const uri of value) checkRedirectUri(uri);
  output.redirect_uris = [...new Set(value as string[])];
}

function checkRedirectUri(uri: unknown): asserts uri is string {
  if (typeof uri !== 'string' || uri.length > MAX_LENGTH) {
    throw invalidRedirectUri(`redirect_uris must contain only strings of at most ${MAX_LENGTH} characters`);
  }
  const url = parseUrl(uri);
  if (!url) throw invalidRedirectUri(`redirect_uris entry ${uri} is not an absolute URL`);
  if (uri.includes('#')) throw invalidRedirectUri(`redirect_uris entry ${uri} must not contain a fragment`);
  if (url.username !== '' || url.password !== '') {
    throw invalidRedirectUri(`redirect_uris entry ${uri} must not contain user information`);
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw invalidRedirectUri(`redirect_uris entry ${uri} must use https (http only on a loopback host)`);
  }
}
