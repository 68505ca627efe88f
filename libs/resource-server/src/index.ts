export {
  IntrospectionClient,
  type IntrospectionClientOptions,
  type IntrospectionResponse,
} from './introspection/introspection-client';
export { DpopProofSigner, type DpopProofRequest } from './dpop/dpop-proof-signer';
export { IntrospectionCache } from './introspection/introspection-cache';
export {
  ClientCredentialsTokenSource,
  TokenSourceError,
  type ClientCredentialsTokenSourceOptions,
} from './token-source/client-credentials-token-source';
export {
  ACCESS_TOKEN_CHECKS,
  verifyAccessToken,
  type AuthenticatedCaller,
  type VerifyAccessTokenInput,
} from './access-token/verify-access-token';
export type { ResourceRequest } from './access-token/access-token-context';
export { DPOP_ALGS, type TokenScheme } from './access-token/challenges';
export { ACCESS_TOKEN_SECURITY_SCHEMES, AccessTokenGuard, Caller, RequireScopes } from './access-token.guard';
export { ResourceProblemFilter } from './resource-problem.filter';
export { ResourceServerModule, type ResourceServerModuleOptions } from './resource-server.module';
export { RESOURCE_SERVER_OPTIONS, type ResourceServerOptions } from './resource-server.options';
export { ResourceServer } from './resource-server.service';
export { PgReplayStore } from './replay/pg-replay.store';
export { preparedQuery, type PreparedQuery } from './database/prepared-query';
export { ResourceServerReplayEntity } from './replay/resource-server-replay.entity';
