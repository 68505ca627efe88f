/** A page-level failure whose title and message the visitor may read (e.g. an expired link, a refused form). */
export class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly publicMessage: string,
    /** Logged, never shown. */
    readonly detail?: string,
  ) {
    super(`${title}: ${publicMessage}${detail ? ` (${detail})` : ''}`);
  }
}
