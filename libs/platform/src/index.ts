export { ConfigError } from './config/config.error';
export { loadConfig } from './config/load-config';
export {
  defaultWorkerCount,
  OneOfSetting,
  PortSetting,
  PostgresUrlSetting,
  WorkerCountSetting,
} from './config/env-decorators';
export { PlatformEnv, LOG_LEVELS, type LogLevel } from './config/platform-env';
export { dataDirOf, pkiDirOf, publicUrl, type RuntimeConfig } from './config/runtime-config';
export { dataSourceOptions, assertSchemaName, type AppDatabase } from './database/data-source-options';
export { migrateDatabase } from './database/migrate-database';
export { ReadBatcher, type ReadBatcherOptions } from './database/read-batcher';
export { ProblemFilter, toProblem } from './errors/problem.filter';
export { PROBLEM_CONTENT_TYPE, type Problem } from './errors/problem';
export { API_SECURITY_HEADERS, configureApp, isUnderPathPrefix, type ApiDocumentInfo } from './http/configure-app';
export {
  HttpsClient,
  HttpsClientError,
  type ClientTls,
  type FetchLike,
  type HttpsClientOptions,
  type HttpsRequest,
  type HttpsResponse,
} from './http/https-client';
export { PlatformModule, RUNTIME_CONFIG, type PlatformModuleOptions } from './platform.module';
export { createListenerApp, type CreateListenerOptions } from './bootstrap/create-listener-app';
export { runApp } from './bootstrap/run-app';
export { FAPI_TLS, listenerTlsOptions } from './bootstrap/tls-options';
export { Clock } from './time/clock';
export type { ListenerDefinition, SandboxAppDefinition } from './bootstrap/sandbox-app';
