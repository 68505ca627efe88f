import { defaultServerSettings, type ServerSettings } from './server-settings';

export interface ServerSeed {
  tenant: string;
  serverId: string;
  name: string;
  settings: ServerSettings;
}

/** What a fresh sandbox starts with: tenant `obgeneric`, one server per bank. */
export const SERVER_SEEDS: ServerSeed[] = [
  { tenant: 'obgeneric', serverId: 'gobank', name: 'Go Bank', settings: defaultServerSettings() },
  { tenant: 'obgeneric', serverId: 'hyperscalebank', name: 'Hyperscale Bank', settings: defaultServerSettings() },
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
    scope: 'revoke_tokens introspect_tokens',
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
    scope: 'introspect_tokens manage_logins revoke_tokens',
  },
  {
    serverId: 'hyperscalebank',
    clientId: 'hyperscalebank-admin',
    name: 'Sandbox operator',
    certificate: 'sandbox-admin',
    scope: 'manage_servers',
  },
];
