// RFC 9449 §4.3 (9), RFC 3986 §6.2.2-6.2.3: htu is compared without query and fragment, after normalisation.

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * The comparable form of an http(s) URI: scheme and host lower-cased, default port dropped, dot segments removed
 * (WHATWG URL does these), percent-encodings upper-cased or decoded when unreserved; query and fragment cut.
 * `undefined` when the value is not an absolute http(s) URI without userinfo.
 */
export function normalizeHtu(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  const path = url.pathname.replace(/%[0-9a-fA-F]{2}/g, (pct) => {
    const char = String.fromCharCode(parseInt(pct.slice(1), 16));
    return UNRESERVED.test(char) ? char : pct.toUpperCase();
  });
  return `${url.protocol}//${url.host}${path}`;
}
