// For OAuthError `detail` (logs only): the jose error code and message behind a failed verification.
export function joseDetail(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return `${typeof code === 'string' ? code : e.name}: ${e.message}`;
  }
  return String(e);
}
