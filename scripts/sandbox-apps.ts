import { authServerApp } from '../apps/auth-server/src/configure-app';
import { consentAdminApp } from '../apps/consent-admin/src/configure-app';
import { financrooApp } from '../apps/financroo/src/configure-app';
import { goBankApp } from '../apps/go-bank/src/configure-app';
import { hyperscaleBankApp } from '../apps/hyperscale-bank/src/configure-app';
import type { SandboxAppDefinition } from '@ofs/platform';

/** Every app of the sandbox, in start order (the authorization server first: the others depend on it). */
export const SANDBOX_APPS: ReadonlyArray<SandboxAppDefinition<never>> = [
  authServerApp,
  consentAdminApp,
  goBankApp,
  hyperscaleBankApp,
  financrooApp,
] as unknown as ReadonlyArray<SandboxAppDefinition<never>>;
