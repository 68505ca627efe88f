/**
 * RFC 6265 §5.2: one cookie's value from the Cookie header. A value that is not valid percent-encoding is
 * treated as absent (never an exception), and so is a cookie sent twice with different values.
 */
export function readCookie(req: { headers: { cookie?: string } }, name: string): string | undefined {
  let found: string | undefined;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0 || part.slice(0, index).trim() !== name) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(index + 1).trim());
    } catch {
      return undefined;
    }
    if (found !== undefined && found !== value) return undefined;
    found = value;
  }
  return found;
}
