import { Module } from '@nestjs/common';
import { Clock, RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import { ResourceServerModule } from '@ofs/resource-server';
import type { ConsentAdminEnv } from '../config/consent-admin.env';
import { consentAdminPublicUrl, goBankAuthServer } from '../config/consent-admin.config';
import { AuthServerSystemClient } from '../token-revocation/auth-server-system.client';
import { TokenRevocationOutboxRepository } from '../token-revocation/token-revocation-outbox.repository';
import { TokenRevocationWorker } from '../token-revocation/token-revocation.worker';
import { ConsentRepository } from './consent.repository';
import { ConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';

/** Go Bank's consent storage API and the delivery of its token revocations. */
@Module({
  imports: [
    ResourceServerModule.forRootAsync({
      inject: [RUNTIME_CONFIG],
      useFactory: (config: RuntimeConfig<ConsentAdminEnv>) => {
        const as = goBankAuthServer(config);
        return {
          issuer: as.issuer,
          introspectionEndpoint: as.introspectionEndpoint,
          clientId: as.clientId,
          tls: as.tls,
          publicBaseUrl: consentAdminPublicUrl(config),
        };
      },
    }),
  ],
  controllers: [ConsentsController],
  providers: [
    Clock,
    ConsentRepository,
    ConsentsService,
    TokenRevocationOutboxRepository,
    AuthServerSystemClient,
    TokenRevocationWorker,
  ],
  exports: [ConsentsService, TokenRevocationWorker],
})
export class ConsentsModule {}
