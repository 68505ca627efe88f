// RFC 8705 §2.1.2 (REG-05): a tls_client_auth client names exactly one expected certificate subject attribute.
import { isIP } from 'node:net';
import { normalizeDn } from '@ofs/pki';
import { TLS_CLIENT_AUTH_SUBJECT_MEMBERS, type TlsClientAuthSubjectMember } from '../client-metadata';
import { invalidClientMetadata, type MetadataCheckContext } from '../metadata-check-context';
import { optionalString, parseUrl } from '../metadata-members';

const DNS_NAME = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const VALID: Record<TlsClientAuthSubjectMember, (value: string) => boolean> = {
  tls_client_auth_subject_dn: (dn) => {
    try {
      normalizeDn(dn);
      return true;
    } catch {
      return false;
    }
  },
  tls_client_auth_san_dns: (name) => name.length <= 253 && DNS_NAME.test(name),
  tls_client_auth_san_uri: (uri) => parseUrl(uri) !== undefined,
  tls_client_auth_san_ip: (ip) => isIP(ip) !== 0,
  tls_client_auth_san_email: (email) => EMAIL.test(email),
};

/** Values are kept as sent; the subject DN is compared RFC 4514-normalised at authentication. */
export function checkTlsClientAuthSubject({ input, output }: MetadataCheckContext): void {
  const present = TLS_CLIENT_AUTH_SUBJECT_MEMBERS.filter((member) => input[member] !== undefined);
  if (output.token_endpoint_auth_method !== 'tls_client_auth') {
    if (present.length > 0) throw invalidClientMetadata(`${present[0]} is only used with tls_client_auth`);
    return;
  }
  if (present.length !== 1) {
    throw invalidClientMetadata(
      `tls_client_auth requires exactly one of ${TLS_CLIENT_AUTH_SUBJECT_MEMBERS.join(', ')}` +
        (present.length > 1 ? `, got ${present.join(', ')}` : ''),
    );
  }
  const member = present[0]!;
  const value = optionalString(input, member, 1024)!;
  if (!VALID[member](value)) throw invalidClientMetadata(`${member} is not a valid value: ${value}`);
  output[member] = value;
}
