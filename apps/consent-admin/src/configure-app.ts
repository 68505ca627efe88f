import type { SandboxAppDefinition } from '@ofs/platform';
import { ACCESS_TOKEN_SECURITY_SCHEMES } from '@ofs/resource-server';
import { ConsentAdminEnv } from './config/consent-admin.env';
import { consentAdminEntities } from './database/entities';
import { consentAdminMigrations } from './database/migrations';
import { CONSENT_API_PATHS, ConsentAdminModule } from './consent-admin.module';
import { ConsentPortalModule } from './consent-portal.module';

/** consent-admin as `npm start` and the e2e tests run it. */
export const consentAdminApp: SandboxAppDefinition<ConsentAdminEnv> = {
  name: 'consent-admin',
  schema: 'consent_admin',
  envClass: ConsentAdminEnv,
  database: { entities: consentAdminEntities, migrations: consentAdminMigrations },
  listeners: (config) => [
    {
      name: 'admin',
      title: 'Go Bank consent storage and admin',
      description: "Go Bank's external consent storage API and the consent admin UI.",
      port: config.env.CONSENT_ADMIN_PORT,
      module: ConsentAdminModule,
      // Certificate-bound tokens (RFC 8705) are presented with their certificate on this very port.
      clientCertificate: 'optional',
      securitySchemes: ACCESS_TOKEN_SECURITY_SCHEMES,
      apiPaths: CONSENT_API_PATHS,
    },
    {
      name: 'portal',
      title: 'Consent self-service portal',
      description: 'Where bank customers review and revoke the consents they gave.',
      port: config.env.CONSENT_PORTAL_PORT,
      module: ConsentPortalModule,
    },
  ],
  workers: (env) => env.CONSENT_ADMIN_WORKERS,
};
