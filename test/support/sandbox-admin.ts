import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { sandboxRequest } from './sandbox-https';

/**
 * The sandbox operator (`gobank-admin` / `hyperscalebank-admin`, the `sandbox-admin` certificate) sets a bank
 * server's consent page back to the authorization server's built-in one, for tests of the server on its own.
 */
export async function useBuiltInConsentPage(dataDir: string, mtlsPort: number, server: string): Promise<void> {
  const pki = path.join(dataDir, 'pki');
  const tls = {
    ca: readFileSync(path.join(pki, 'ca.pem')),
    cert: readFileSync(path.join(pki, 'sandbox-admin', 'client.pem'), 'utf8'),
    key: readFileSync(path.join(pki, 'sandbox-admin', 'client-key.pem'), 'utf8'),
  };
  const base = `https://localhost:${mtlsPort}`;
  const token = await sandboxRequest(`${base}/obgeneric/${server}/oauth2/token`, {
    ...tls,
    type: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: `${server}-admin` }).toString(),
  });
  if (token.status !== 200) throw new Error(`operator token: ${token.status} ${token.text}`);
  const changed = await sandboxRequest(`${base}/api/admin/obgeneric/servers/${server}`, {
    ...tls,
    method: 'PATCH',
    type: 'application/json',
    body: JSON.stringify({ consent_page_url: null }),
    headers: { authorization: `Bearer ${token.json.access_token as string}` },
  });
  if (changed.status !== 200) throw new Error(`consent page setting: ${changed.status} ${changed.text}`);
}
