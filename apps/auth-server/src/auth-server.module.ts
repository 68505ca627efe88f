import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServerAdminController } from './admin/server-admin.controller';
import { AuthorizationDetailsTypesController } from './admin/authorization-details-types.controller';
import { AuditEventRepository } from './audit/audit-event.repository';
import { AuditEventsController } from './audit/audit-events.controller';
import { RefusalRecorder } from './audit/refusal-recorder.service';
import { AuthorizationDetailsTypeRepository } from './authorization-details/authorization-details-type.repository';
import { AuthorizationCodeRepository } from './authorize/authorization-code.repository';
import { AuthorizeController } from './authorize/authorize.controller';
import { AuthorizationResponder } from './authorize/authorization-responder.service';
import { RequestObjectReader } from './par/request-object-reader.service';
import { CacheEvents } from './cache/cache-events.service';
import { ClientAuthenticator } from './client-auth/client-authenticator.service';
import { ClientRepository } from './clients/client.repository';
import { ClientService } from './clients/client.service';
import { Clock } from './common/clock';
import { authServerEntities } from './database/entities';
import { DiscoveryController } from './discovery/discovery.controller';
import { Housekeeping } from './housekeeping/housekeeping.service';
import { IdTokenService } from './id-token/id-token.service';
import { PoolIdentityProvider } from './identity/pool-identity-provider';
import { identityPoolProviders, IdentityPoolController } from './identity-pools';
import { InteractionController } from './interaction/interaction.controller';
import { InteractionRepository } from './interaction/interaction.repository';
import { InteractionService } from './interaction/interaction.service';
import { IntrospectionController } from './introspection/introspection.controller';
import { JwksController } from './jwks/jwks.controller';
import { SigningKeyRepository } from './keys/signing-key.repository';
import { SigningKeyService } from './keys/signing-key.service';
import { ParController } from './par/par.controller';
import { PushedRequestRepository } from './par/pushed-request.repository';
import { PgReplayStore } from './replay/pg-replay.store';
import { ReplayJtiRepository } from './replay/replay-jti.repository';
import { RegistrationController } from './registration/registration.controller';
import { RegistrationService } from './registration/registration.service';
import { RevocationController } from './revocation/revocation.controller';
import { AccessTokenVerifier } from './resource/access-token-verifier.service';
import { InstanceSecretRepository } from './secrets/instance-secret.repository';
import { ServerRegistry } from './servers/server-registry.service';
import { ServerRepository } from './servers/server.repository';
import { SystemController } from './system/system.controller';
import { AuthorizationCodeGrant } from './token-endpoint/authorization-code.grant';
import { ClientCredentialsGrant } from './token-endpoint/client-credentials.grant';
import { dpopNoncesProvider } from './token-endpoint/dpop-nonces';
import { GRANT_HANDLERS } from './token-endpoint/grant-handler';
import { RefreshTokenGrant } from './token-endpoint/refresh-token.grant';
import { SenderConstraintService } from './token-endpoint/sender-constraint.service';
import { TokenController } from './token-endpoint/token.controller';
import { TokenStore } from './token-store/token-store.service';
import { TokenRepository } from './token-store/token.repository';
import { UserinfoController } from './userinfo/userinfo.controller';

const GRANTS = [AuthorizationCodeGrant, RefreshTokenGrant, ClientCredentialsGrant];

/** Root module of auth-server's `api` listener (and its mutual-TLS alias). */
@Module({
  imports: [TypeOrmModule.forFeature(authServerEntities)],
  controllers: [
    DiscoveryController,
    JwksController,
    ParController,
    TokenController,
    IntrospectionController,
    RevocationController,
    RegistrationController,
    AuthorizeController,
    InteractionController,
    UserinfoController,
    SystemController,
    ServerAdminController,
    AuthorizationDetailsTypesController,
    IdentityPoolController,
    AuditEventsController,
  ],
  providers: [
    Clock,
    CacheEvents,
    AuditEventRepository,
    RefusalRecorder,
    ServerRepository,
    ServerRegistry,
    SigningKeyRepository,
    SigningKeyService,
    ClientRepository,
    ClientService,
    ReplayJtiRepository,
    PgReplayStore,
    InstanceSecretRepository,
    ClientAuthenticator,
    dpopNoncesProvider,
    SenderConstraintService,
    TokenRepository,
    TokenStore,
    PoolIdentityProvider,
    ...identityPoolProviders,
    PushedRequestRepository,
    InteractionRepository,
    AuthorizationCodeRepository,
    InteractionService,
    IdTokenService,
    RegistrationService,
    AccessTokenVerifier,
    Housekeeping,
    AuthorizationDetailsTypeRepository,
    AuthorizationResponder,
    RequestObjectReader,
    ...GRANTS,
    { provide: GRANT_HANDLERS, useFactory: (...handlers: unknown[]) => handlers, inject: GRANTS },
  ],
})
export class AuthServerModule {}
