/**
 * A failure in the browser flow that must not reach the client's redirect URI (unknown or foreign request,
 * expired session): the server renders its error page (FAPI2-SP 5.3.2.1-7, AUTHZ-06/07/08/13).
 */
export class BrowserFlowError extends Error {
  constructor(
    readonly publicMessage: string,
    readonly status = 400,
  ) {
    super(publicMessage);
    this.name = 'BrowserFlowError';
  }
}
