// FAPI2-SP 5.3.4 (RS-04): only sender-constrained tokens; RFC 9449 §7 (DPoP) or RFC 8705 §3 (certificate) on EVERY request.
import { verifyDpopProof } from '@ofs/fapi';
import { OAuthError } from '@ofs/oauth';
import { invalidToken } from './challenges';
import type { AccessTokenCheckContext } from './access-token-context';

export async function checkSenderConstraint(ctx: AccessTokenCheckContext): Promise<void> {
  const cnf = ctx.introspection.cnf ?? {};
  if (typeof cnf.jkt === 'string') return checkDpopBinding(ctx, cnf.jkt);
  if (typeof cnf['x5t#S256'] === 'string') return checkCertificateBinding(ctx, cnf['x5t#S256']);
  throw invalidToken(ctx.scheme, 'The access token is not sender-constrained');
}

/** RFC 9449 §7.1: the DPoP scheme, and a proof for this request (htm, htu, ath, iat, jti) by the key of `cnf.jkt`. */
async function checkDpopBinding(ctx: AccessTokenCheckContext, jkt: string): Promise<void> {
  if (ctx.scheme !== 'DPoP') throw invalidToken('DPoP', 'A DPoP-bound access token must be sent with the DPoP scheme');
  try {
    await verifyDpopProof({
      proof: ctx.request.dpop,
      htm: ctx.request.method,
      htu: ctx.request.url,
      accessToken: ctx.token,
      expectedJkt: jkt,
      now: ctx.now,
      replay: ctx.replay,
    });
  } catch (e) {
    if (e instanceof OAuthError) throw invalidToken('DPoP', e.description, 'invalid_dpop_proof', e.detail);
    throw e;
  }
}

/** RFC 8705 §3: the certificate of this TLS connection is the one whose thumbprint is `cnf.x5t#S256`. */
function checkCertificateBinding(ctx: AccessTokenCheckContext, x5tS256: string): void {
  if (ctx.scheme !== 'Bearer') {
    throw invalidToken('Bearer', 'A certificate-bound access token is sent with the Bearer scheme');
  }
  const presented = ctx.request.clientCertificate;
  // RFC 8705 §3.1: x5t#S256 is the base64url SHA-256 of the certificate's DER.
  if (!presented || presented.thumbprint !== x5tS256) {
    throw invalidToken('Bearer', 'The access token is bound to another client certificate');
  }
}
