// RFC 9101 §4 and §6.1: the request object is a signed JWT (compact JWS); encrypted ones are not offered here.
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { joseDetail } from '../jose-detail';
import { invalidRequestObject, type ParsedRequestObject } from './request-object-context';

export function parseRequestObject(compact: string): ParsedRequestObject {
  const parts = compact.split('.');
  if (parts.length === 5) throw invalidRequestObject('encrypted request objects are not supported, sign it (JWS)');
  if (parts.length !== 3) throw invalidRequestObject('request is not a signed JWT');
  try {
    return { compact, header: decodeProtectedHeader(compact), claims: decodeJwt(compact) };
  } catch (e) {
    throw invalidRequestObject('request is not a well-formed JWT', joseDetail(e));
  }
}
