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
