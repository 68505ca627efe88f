import type { StoredClientMetadata } from '../clients/client-metadata';
import { defaultServerSettings, type ServerSettings } from './server-settings';

export interface ServerSeed {
  tenant: string;
  serverId: string;
  name: string;
  settings: ServerSettings;
  /** Whether it starts with the RFC 9396 types (account_information, payment_initiation): the banks do. */
  authorizationDetailsTypes: boolean;
  /** The bank's own consent page (`https://{SANDBOX_PUBLIC_HOST}:{port}`), set as consent_page_url when unset. */
  consentPagePort?: 'GO_BANK_CONSENT_PORT' | 'HYPERSCALE_BANK_CONSENT_PORT';
}

/** What a fresh sandbox starts with: tenant `obgeneric`, one server per bank, one for the consent console's staff. */
export const SERVER_SEEDS: ServerSeed[] = [
  {
    tenant: 'obgeneric',
    serverId: 'gobank',
    name: 'Go Bank',
    settings: defaultServerSettings(),
    authorizationDetailsTypes: true,
    consentPagePort: 'GO_BANK_CONSENT_PORT',
  },
  {
    tenant: 'obgeneric',
    serverId: 'hyperscalebank',
    name: 'Hyperscale Bank',
    settings: defaultServerSettings(),
    authorizationDetailsTypes: true,
    consentPagePort: 'HYPERSCALE_BANK_CONSENT_PORT',
  },
  {
    tenant: 'obgeneric',
    serverId: 'admin',
    name: 'Consent Admin',
    settings: defaultServerSettings({
      scopes: ['openid', 'profile'],
      defaultScopes: ['openid', 'profile'],
      identityPool: 'obgeneric-staff',
    }),
    authorizationDetailsTypes: false,
  },
];

/** The banks' own clients, authenticated by the sandbox PKI's client certificates (tls_client_auth). */
export interface SystemClientSeed {
  serverId: string;
  clientId: string;
  name: string;
  /** The client certificate (in the sandbox PKI) it authenticates with. */
  certificate: string;
  scope: string;
}

export const SYSTEM_CLIENT_SEEDS: SystemClientSeed[] = [
  {
    serverId: 'gobank',
    clientId: 'gobank-bank',
    name: 'Go Bank',
    certificate: 'go-bank',
    scope: 'introspect_tokens manage_logins manage_consents',
  },
  {
    serverId: 'gobank',
    clientId: 'gobank-consent-storage',
    name: 'Go Bank consent storage',
    certificate: 'consent-admin',
    scope: 'revoke_tokens introspect_tokens read_audit',
  },
  {
    serverId: 'gobank',
    clientId: 'gobank-admin',
    name: 'Sandbox operator',
    certificate: 'sandbox-admin',
    scope: 'manage_servers',
  },
  {
    serverId: 'hyperscalebank',
    clientId: 'hyperscalebank-bank',
    name: 'Hyperscale Bank',
    certificate: 'hyperscale-bank',
    scope: 'introspect_tokens manage_logins revoke_tokens manage_identity_pools',
  },
  {
    serverId: 'hyperscalebank',
    clientId: 'hyperscalebank-consent-storage',
    name: 'Hyperscale Bank consent storage (consent console)',
    certificate: 'consent-admin',
    scope: 'manage_identity_pools introspect_tokens read_audit',
  },
  {
    serverId: 'hyperscalebank',
    clientId: 'hyperscalebank-admin',
    name: 'Sandbox operator',
    certificate: 'sandbox-admin',
    scope: 'manage_servers',
  },
];

/**
 * Seeded clients of the sandbox's own apps that sign people in (authorization code flow, tls_client_auth). They are
 * first-party: the person signs in to the sandbox's own console or portal, so no consent is asked of them.
 */
export interface AppClientSeed {
  serverId: string;
  clientId: string;
  /** The client certificate (in the sandbox PKI) it authenticates with; its tokens are bound to it. */
  certificate: string;
  /** Its redirect URI is `https://{SANDBOX_PUBLIC_HOST}:{this port setting}/auth/callback`. */
  redirectPort: 'CONSENT_ADMIN_PORT' | 'CONSENT_PORTAL_PORT';
  metadata: Omit<StoredClientMetadata, 'redirect_uris' | 'tls_client_auth_subject_dn'>;
}

export const APP_CLIENT_SEEDS: AppClientSeed[] = [
  {
    serverId: 'admin',
    clientId: 'consent-admin-console',
    certificate: 'consent-admin',
    redirectPort: 'CONSENT_ADMIN_PORT',
    metadata: {
      client_name: 'Consent console',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_certificate_bound_access_tokens: true,
      scope: 'openid profile',
    },
  },
  ...(['gobank', 'hyperscalebank'] as const).map((serverId): AppClientSeed => ({
    serverId,
    clientId: `${serverId}-consent-portal`,
    certificate: 'consent-admin',
    redirectPort: 'CONSENT_PORTAL_PORT',
    metadata: {
      client_name: 'Consent self-service portal',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'tls_client_auth',
      tls_client_certificate_bound_access_tokens: true,
      scope: 'openid profile',
    },
  })),
];

/** Whether a client is one of the sandbox's own sign-in clients (no consent page for them). */
export function isFirstPartyClient(serverId: string, clientId: string): boolean {
  return APP_CLIENT_SEEDS.some((seed) => seed.serverId === serverId && seed.clientId === clientId);
}
