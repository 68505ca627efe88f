// RFC 7591 §2 jwks_uri, RFC 7517 §5: a client's key set fetched from its jwks_uri, within limits (RFC 9700 §4.16).
import { lookup as dnsLookup } from 'node:dns';
import { request } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { ClientKeysError } from '@ofs/fapi';
import type { JSONWebKeySet } from 'jose';
import { jwksAddressRefusal, type JwksUriAddressPolicy } from './jwks-uri-address';

export interface RemoteJwksLimits {
  policy: JwksUriAddressPolicy;
  /** Extra trusted CA (the sandbox's): TPP developers serve keys with a sandbox certificate. */
  ca?: string;
  timeoutMs: number;
  maxBytes: number;
  maxKeys: number;
}

export const REMOTE_JWKS_LIMITS = { timeoutMs: 5_000, maxBytes: 64 * 1024, maxKeys: 20 } as const;

/** Why a jwks_uri could not be used; its message is safe to show the client. */
export class JwksUriError extends ClientKeysError {}

/** GETs the key set; refuses forbidden addresses before connecting (the checked address is the one dialled). */
export function fetchJwks(url: URL, limits: RemoteJwksLimits): Promise<JSONWebKeySet> {
  const port = url.port ? Number(url.port) : 443;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.protocol !== 'https:') return Promise.reject(new JwksUriError('jwks_uri must be an https URL'));
  if (isIP(host)) {
    const refusal = jwksAddressRefusal(host, port, limits.policy);
    if (refusal) return Promise.reject(new JwksUriError(`jwks_uri refused: ${refusal}`));
  }
  // Resolving here and dialling what was checked leaves no room for a second, different DNS answer.
  const lookup: LookupFunction = (hostname, options, callback) =>
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as Array<{ address: string; family: number }>;
      const refused = list.map((a) => jwksAddressRefusal(a.address, port, limits.policy)).find(Boolean);
      if (refused || !list.length) return callback(new JwksUriError(`jwks_uri refused: ${refused}`), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: unknown) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });

  return new Promise<JSONWebKeySet>((resolve, reject) => {
    const fail = (message: string) => reject(new JwksUriError(message));
    const req = request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/jwk-set+json, application/json' },
        lookup,
        ca: limits.ca ? [...rootCertificates, limits.ca] : undefined,
        timeout: limits.timeoutMs,
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return fail(`jwks_uri answered HTTP ${res.statusCode}`);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) {
            req.destroy();
            return fail(`jwks_uri document is larger than ${limits.maxBytes / 1024} KB`);
          }
          chunks.push(chunk);
        });
        res.on('error', () => fail('jwks_uri could not be read'));
        res.on('end', () => {
          if (size > limits.maxBytes) return;
          try {
            resolve(keySet(Buffer.concat(chunks).toString('utf8'), limits.maxKeys));
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('timeout', () => {
      req.destroy();
      fail(`jwks_uri did not answer within ${limits.timeoutMs / 1000} s`);
    });
    req.on('error', (e) => fail(e instanceof JwksUriError ? e.message : `jwks_uri could not be fetched: ${e.message}`));
    req.end();
  });
}

function keySet(text: string, maxKeys: number): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new JwksUriError('jwks_uri document is not JSON');
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'object' && k !== null && !Array.isArray(k)))
    throw new JwksUriError('jwks_uri document is not a JWK Set (RFC 7517 §5)');
  if (keys.length > maxKeys) throw new JwksUriError(`jwks_uri holds more than ${maxKeys} keys`);
  return { keys } as JSONWebKeySet;
}
