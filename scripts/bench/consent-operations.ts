import { randomBytes } from 'node:crypto';
import { BenchError, expectJson } from './bench-error';
import type { HttpClient } from './http-client';

/**
 * Go Bank's consent storage as Go Bank calls it: client `gobank-bank` authenticated by its certificate at the
 * token endpoint's mutual-TLS alias, a `manage_consents` token bound to that certificate, presented to
 * consent-admin on connections that present the same certificate.
 */
export interface ConsentTarget {
  /** An HTTP client presenting the go-bank client certificate. */
  http: HttpClient;
  /** `https://localhost:8084`. */
  consentAdminUrl: string;
  token: string;
}

/** RFC 6749 §4.4 with tls_client_auth (RFC 8705 §2.1): a certificate-bound token of gobank-bank. */
export async function goBankConsentToken(http: HttpClient, mtlsTokenEndpoint: string): Promise<string> {
  const response = await http.send({
    method: 'POST',
    url: mtlsTokenEndpoint,
    form: { grant_type: 'client_credentials', client_id: 'gobank-bank', scope: 'manage_consents' },
  });
  return expectJson('token (gobank-bank, mTLS)', response, 200, ['access_token']).access_token;
}

/** `POST /api/consents` → 201; the new consent's id. */
export async function createConsent(target: ConsentTarget): Promise<string> {
  const response = await target.http.send({
    method: 'POST',
    url: `${target.consentAdminUrl}/api/consents`,
    headers: { authorization: `Bearer ${target.token}` },
    json: {
      subject: 'user',
      client_id: `bench-tpp-${randomBytes(2).toString('hex')}`,
      client_name: 'Bench TPP',
      granted_scopes: ['openid', 'accounts'],
      account_ids: ['1000001', '96534987'],
      authorization_details: [{ type: 'account_information', actions: ['list_accounts', 'read_balances'] }],
    },
  });
  return expectJson('consent create', response, 201, ['id']).id;
}

/** `GET /api/consents/{id}` → 200 with that consent (what a bank API does on every call). */
export async function readConsent(target: ConsentTarget, id: string): Promise<void> {
  const response = await target.http.send({
    method: 'GET',
    url: `${target.consentAdminUrl}/api/consents/${id}`,
    headers: { authorization: `Bearer ${target.token}` },
  });
  const body = expectJson('consent read', response, 200, ['id', 'status']);
  if (body.id !== id) throw new BenchError('consent read', 200, `another consent: ${response.body.slice(0, 200)}`);
}
