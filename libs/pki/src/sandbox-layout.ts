import {
  ensureSandboxPki,
  type ClientCertificateRequest,
  type SandboxPki,
  type ServerCertificateRequest,
} from './ensure-sandbox-pki';

/** The certificates the sandbox apps use: a server certificate per app, client certificates for mutual TLS. */
export const SANDBOX_PKI_LAYOUT: {
  readonly servers: readonly ServerCertificateRequest[];
  readonly clients: readonly ClientCertificateRequest[];
} = Object.freeze({
  servers: Object.freeze(
    ['auth-server', 'financroo', 'go-bank', 'hyperscale-bank', 'consent-admin'].map((name) => Object.freeze({ name })),
  ),
  clients: Object.freeze(
    [
      { name: 'financroo', subject: 'CN=financroo,OU=TPP,O=Financroo,C=GB' },
      { name: 'go-bank', subject: 'CN=go-bank,OU=Bank,O=Go Bank,C=GB' },
      { name: 'hyperscale-bank', subject: 'CN=hyperscale-bank,OU=Bank,O=Hyperscale Bank,C=GB' },
      { name: 'consent-admin', subject: 'CN=consent-admin,OU=Consent Storage,O=Go Bank,C=GB' },
      { name: 'sandbox-admin', subject: 'CN=sandbox-admin,OU=Operations,O=Open Finance Sandbox,C=GB' },
    ].map((client) => Object.freeze(client)),
  ),
});

/** {@link ensureSandboxPki} for {@link SANDBOX_PKI_LAYOUT} in `dir` (the apps use `.data/pki`). */
export function ensureStandardSandboxPki(dir: string, now?: Date): Promise<SandboxPki> {
  return ensureSandboxPki({ dir, servers: SANDBOX_PKI_LAYOUT.servers, clients: SANDBOX_PKI_LAYOUT.clients, now });
}
