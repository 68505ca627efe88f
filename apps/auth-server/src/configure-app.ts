import type { SandboxAppDefinition } from '@ofs/platform';
import { ACCESS_TOKEN_SECURITY_SCHEMES } from '@ofs/resource-server';
import { AuthServerEnv } from './config/auth-server.env';
import { authServerEntities } from './database/entities';
import { authServerMigrations } from './database/migrations';
import { AuthServerModule } from './auth-server.module';

/** auth-server as `npm start` and the e2e tests run it. */
export const authServerApp: SandboxAppDefinition<AuthServerEnv> = {
  name: 'auth-server',
  schema: 'auth_server',
  envClass: AuthServerEnv,
  database: { entities: authServerEntities, migrations: authServerMigrations },
  listeners: (config) => [
    {
      name: 'api',
      title: 'Open Finance Sandbox authorization server',
      description: 'FAPI 2.0 authorization server: one server per bank in tenant obgeneric.',
      port: config.env.AUTH_SERVER_PORT,
      mtlsPort: config.env.AUTH_SERVER_MTLS_PORT,
      module: AuthServerModule,
      securitySchemes: {
        ...ACCESS_TOKEN_SECURITY_SCHEMES,
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'RFC 7592: the registration access token returned by registration.',
        },
      },
    },
  ],
  workers: (env) => env.AUTH_SERVER_WORKERS,
};
