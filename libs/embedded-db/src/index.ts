export { acquireDataDirLock, LOCK_FILE_NAME, type DataDirLock } from './data-dir-lock';
export {
  EMBEDDED_PG_CLUSTER_DIR,
  EMBEDDED_PG_DEFAULT_DATABASE,
  EMBEDDED_PG_DEFAULT_PORT,
  EMBEDDED_PG_HOST,
  EMBEDDED_PG_PASSWORD,
  EMBEDDED_PG_USER,
  EMBEDDED_POSTGRES_URL,
  embeddedPostgresUrl,
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './embedded-postgres';
export { stopOnExit } from './stop-on-exit';
export { waitForPostgres } from './wait-for-postgres';
