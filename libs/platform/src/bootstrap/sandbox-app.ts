import type { DynamicModule, Type } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import type { PlatformEnv } from '../config/platform-env';
import type { RuntimeConfig } from '../config/runtime-config';
import type { AppDatabase } from '../database/data-source-options';
import type { ApiDocumentInfo } from '../http/configure-app';

/** One HTTPS port of an app, with its own root module and its own Swagger document. */
export interface ListenerDefinition {
  /** Short name, e.g. `api` or `consent-page`. */
  name: string;
  title: string;
  description: string;
  port: number;
  module: Type | DynamicModule;
  /** A second port serving the same handlers that asks for a client certificate (mutual TLS). */
  mtlsPort?: number;
  /**
   * `optional`: the listener's own port asks for a client certificate and lets the app decide (RFC 8705
   * certificate-bound tokens presented to an API on that port). Browsers without certificates send none.
   */
  clientCertificate?: 'optional';
  /** OpenAPI security schemes its operations refer to (`@ApiSecurity(name)`), by name. */
  securitySchemes?: ApiDocumentInfo['securitySchemes'];
  /** Path prefixes of its JSON API (e.g. `/api/`): their answers carry the API security headers, not the pages'. */
  apiPaths?: ApiDocumentInfo['apiPaths'];
}

/** What an app declares; the platform does the rest (config, TLS, database, listeners, shutdown). */
export interface SandboxAppDefinition<TEnv extends PlatformEnv = PlatformEnv> {
  name: string;
  /** Default schema of the app in the shared database. */
  schema: string;
  envClass: ClassConstructor<TEnv>;
  database: Omit<AppDatabase, 'schema'>;
  listeners(config: RuntimeConfig<TEnv>): ListenerDefinition[];
  /**
   * How many processes serve the listeners (default 1: no cluster at all). Above 1, `runApp` becomes a
   * node:cluster primary and forks that many workers, which run the same entry script (so it must call `runApp`).
   */
  workers?(env: TEnv): number;
}
