import { isIP } from 'node:net';
import { normalizeDn } from './distinguished-name';

export type LeafKind = 'server' | 'client';

/** What a leaf certificate must contain; an existing certificate that differs from it is reissued. */
export interface LeafProfile {
  kind: LeafKind;
  /** App or identity name: the directory the files live in, and a DNS SAN. */
  name: string;
  /** RFC 4514 subject, normalised. */
  subject: string;
  /** Lower-case DNS SANs, deduplicated, in request order. */
  dnsNames: string[];
  /** Canonical IP SANs. */
  ipAddresses: string[];
}

const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DNS_PATTERN = new RegExp(`^(?:\\*\\.)?${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const LOOPBACK_IPS = ['127.0.0.1', '::1'];

/** Server certificate for an app: CN=localhost, O=<app>; reachable as localhost, <app>, extras and loopback IPs. */
export function serverProfile(name: string, extraDnsNames: readonly string[] = []): LeafProfile {
  assertName(name);
  const dnsNames = unique(['localhost', name, ...extraDnsNames.map((d) => d.trim().toLowerCase())]);
  for (const dns of dnsNames) {
    if (!DNS_PATTERN.test(dns)) throw new Error(`Invalid DNS name "${dns}" for server certificate "${name}"`);
  }
  return {
    kind: 'server',
    name,
    subject: normalizeDn(`CN=localhost,O=${escapeDnValue(name)}`),
    dnsNames,
    ipAddresses: LOOPBACK_IPS.map(canonicalIp),
  };
}

/** Client certificate for mutual TLS: the requested subject and a DNS SAN of the name. */
export function clientProfile(name: string, subject: string): LeafProfile {
  assertName(name);
  return { kind: 'client', name, subject: normalizeDn(subject), dnsNames: [name], ipAddresses: [] };
}

/** SAN entries as comparable strings (`dns:…`, `ip:…`), sorted. */
export function sanKeys(dnsNames: readonly string[], ipAddresses: readonly string[]): string[] {
  return [...dnsNames.map((d) => `dns:${d.toLowerCase()}`), ...ipAddresses.map((ip) => `ip:${canonicalIp(ip)}`)].sort();
}

/** Canonical text of an IP address (IPv6 compressed, lower case) so equal addresses compare equal. */
export function canonicalIp(ip: string): string {
  const version = isIP(ip);
  if (version === 0) return ip;
  const host = new URL(version === 6 ? `http://[${ip}]/` : `http://${ip}/`).hostname;
  return version === 6 ? host.slice(1, -1) : host;
}

function assertName(name: string): void {
  if (!NAME_PATTERN.test(name)) {
    throw new Error(
      `Invalid certificate name "${name}": use lower-case letters, digits and "-" (it is a directory and a DNS name)`,
    );
  }
}

function escapeDnValue(value: string): string {
  return value.replace(/[\\"+,;<>=]/g, (c) => `\\${c}`);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
