import { x509 } from './x509';

/** Attribute types RFC 4514 (section 3) prints by name; every other type is printed as a dotted OID. */
const RFC4514_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '0.9.2342.19200300.100.1.25': 'DC',
  '0.9.2342.19200300.100.1.1': 'UID',
};

/** Names accepted when parsing: the RFC 4514 ones plus a few common aliases. */
const INPUT_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(RFC4514_NAMES).map(([oid, name]) => [name, oid])),
  SERIALNUMBER: '2.5.4.5',
  E: '1.2.840.113549.1.9.1',
  EMAILADDRESS: '1.2.840.113549.1.9.1',
  ORGANIZATIONIDENTIFIER: '2.5.4.97',
};

/** Short names @peculiar/x509 uses in `Name.toJSON()` (types it doesn't know come back as OIDs). */
const LIBRARY_NAMES: Readonly<Record<string, string>> = {
  CN: '2.5.4.3',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  C: '2.5.4.6',
  DC: '0.9.2342.19200300.100.1.25',
  E: '1.2.840.113549.1.9.1',
  G: '2.5.4.42',
  I: '2.5.4.43',
  SN: '2.5.4.4',
  T: '2.5.4.12',
};

const IA5_TYPES = new Set(['1.2.840.113549.1.9.1', '0.9.2342.19200300.100.1.25']);

/** One attribute of a relative distinguished name: an OID and its string value. */
interface DnAttribute {
  oid: string;
  value: string;
}

/**
 * A parsed distinguished name in encoding order (most significant RDN first, e.g. C before CN), which is the
 * reverse of the RFC 4514 string order. Each RDN holds one or more attributes.
 */
type Rdns = DnAttribute[][];

/**
 * Parses an RFC 4514 string such as `CN=financroo,OU=TPP,O=Financroo,C=GB`. Backslash escapes (`\,` and
 * `\2C`) are understood; whitespace around `,` `+` `=` is ignored. Quoted and `#hex` values are not supported.
 */
export function parseDn(text: string): Rdns {
  const rdns: Rdns = [];
  let current: DnAttribute[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`Invalid distinguished name "${text}": ${why}`);
  };
  if (text.trim() === '') fail('empty');
  while (i <= text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) fail(`missing "=" after "${text.slice(i)}"`);
    const type = text.slice(i, eq).trim();
    const oid = /^\d+(\.\d+)+$/.test(type) ? type : INPUT_NAMES[type.toUpperCase()];
    if (!oid) fail(`unknown attribute type "${type}"`);
    const bytes: number[] = [];
    let j = eq + 1;
    while (j < text.length && text[j] === ' ') j++;
    if (text[j] === '"' || text[j] === '#') fail('quoted and #hex values are not supported');
    let trailingSpaces = 0;
    for (; j < text.length; j++) {
      const ch = text[j]!;
      if (ch === ',' || ch === '+') break;
      if (ch === '\\') {
        const hex = text.slice(j + 1, j + 3);
        if (/^[0-9a-fA-F]{2}$/.test(hex)) {
          bytes.push(parseInt(hex, 16));
          j += 2;
        } else if (j + 1 < text.length) {
          j += pushCharAt(text, j + 1, bytes);
        } else {
          fail('dangling "\\"');
        }
        trailingSpaces = 0;
        continue;
      }
      j += pushCharAt(text, j, bytes) - 1;
      trailingSpaces = ch === ' ' ? trailingSpaces + 1 : 0;
    }
    const value = Buffer.from(bytes.slice(0, bytes.length - trailingSpaces)).toString('utf8');
    if (value === '') fail(`empty value for "${type}"`);
    current.push({ oid: oid!, value });
    if (text[j] !== '+') {
      rdns.unshift(current);
      current = [];
    }
    if (j >= text.length) break;
    i = j + 1;
  }
  return rdns;
}

/** Appends the UTF-8 bytes of the character (code point) at `index`; returns how many UTF-16 units it spans. */
function pushCharAt(text: string, index: number, bytes: number[]): number {
  const char = String.fromCodePoint(text.codePointAt(index)!);
  bytes.push(...Buffer.from(char, 'utf8'));
  return char.length;
}

/** Formats RDNs (encoding order) as an RFC 4514 string, e.g. `CN=financroo,OU=TPP,O=Financroo,C=GB`. */
export function formatDn(rdns: Rdns): string {
  return [...rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${RFC4514_NAMES[a.oid] ?? a.oid}=${escapeValue(a.value)}`).join('+'))
    .join(',');
}

/** Normalises an RFC 4514 string (spacing, attribute name case, escapes) so two spellings compare equal. */
export function normalizeDn(text: string): string {
  return formatDn(parseDn(text));
}

/** Builds the @peculiar/x509 name for an RFC 4514 string, encoded most significant RDN first. */
export function toX509Name(text: string): x509.Name {
  const json: x509.JsonNameParams = parseDn(text).map((rdn) => {
    const item: Record<string, x509.JsonAttributeObject[]> = {};
    for (const { oid, value } of rdn) {
      // Object values bypass the library's own unescaping of plain string values.
      const typed: x509.JsonAttributeObject = IA5_TYPES.has(oid)
        ? { ia5String: value }
        : x509.Name.isPrintableString(value)
          ? { printableString: value }
          : { utf8String: value };
      (item[oid] ??= []).push(typed);
    }
    return item;
  });
  return new x509.Name(json);
}

/**
 * The RFC 4514 string of a certificate's subject, e.g. `CN=financroo,OU=TPP,O=Financroo,C=GB` (the form
 * `tls_client_auth_subject_dn` uses). Accepts PEM text or DER bytes (e.g. `TLSSocket.getPeerCertificate().raw`).
 */
export function subjectDnOf(certificate: string | Uint8Array): string {
  const cert = new x509.X509Certificate(typeof certificate === 'string' ? certificate : Uint8Array.from(certificate));
  return formatX509Name(cert.subjectName);
}

export function formatX509Name(name: x509.Name): string {
  return formatDn(
    name
      .toJSON()
      .map((rdn) =>
        Object.entries(rdn).flatMap(([type, values]) => values.map((value) => ({ oid: oidOf(type), value }))),
      ),
  );
}

function oidOf(type: string): string {
  if (/^\d+(\.\d+)+$/.test(type)) return type;
  const oid = LIBRARY_NAMES[type];
  if (!oid) throw new Error(`Unknown attribute type "${type}" in certificate name`);
  return oid;
}

function escapeValue(value: string): string {
  return value
    .replace(/[\\"+,;<>]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ')
    .replace(/\0/g, '\\00');
}
