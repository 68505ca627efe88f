// RFC 7523 §3 (8), RFC 7519 §7.2: the assertion is a compact JWS whose header and claims set are JSON objects.
import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { joseDetail } from '../jose-detail';
import { invalidClient } from './client-assertion-context';

export function parseClientAssertion(assertion: string): { header: ProtectedHeaderParameters; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
  } catch (e) {
    throw invalidClient('client_assertion is not a well-formed JWT', joseDetail(e));
  }
}
