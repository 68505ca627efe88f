/** What an issued token is bound to (FAPI2-SP 5.3.2.1-4: every token is sender-constrained). */
export interface SenderBinding {
  tokenType: 'DPoP' | 'Bearer';
  /** RFC 9449 §6.1 `cnf.jkt`. */
  jkt?: string;
  /** RFC 8705 §3.1 `cnf["x5t#S256"]`. */
  x5tS256?: string;
}
