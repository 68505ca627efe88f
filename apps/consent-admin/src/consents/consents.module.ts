import { Module, type DynamicModule } from '@nestjs/common';
import { Clock, RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import { ResourceServerModule } from '@ofs/resource-server';
import type { ConsentAdminEnv } from '../config/consent-admin.env';
import { consentAdminPublicUrl, goBankAuthServer } from '../config/consent-admin.config';
import { AuthServerSystemClient } from '../token-revocation/auth-server-system.client';
import { TokenRevocationOutboxRepository } from '../token-revocation/token-revocation-outbox.repository';
import { OUTBOX_POLLING, TokenRevocationWorker } from '../token-revocation/token-revocation.worker';
import { ConsentRepository } from './consent.repository';
import { ConsentsController } from './consents.controller';
import { ConsentsService } from './consents.service';

export interface ConsentsModuleOptions {
  /**
   * The listener serves Go Bank's consent storage API (its access-token guard) and polls the outbox. Another
   * listener of the same process (the portal) only uses the service: its revocations go out at once, and the API
   * listener's poller retries what failed.
   */
  api: boolean;
}

/** Go Bank's consents (table, service, token-revocation outbox and its worker), and optionally their API. */
@Module({})
export class ConsentsModule {
  static forListener({ api }: ConsentsModuleOptions): DynamicModule {
    return {
      module: ConsentsModule,
      imports: api
        ? [
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
          ]
        : [],
      controllers: api ? [ConsentsController] : [],
      providers: [
        Clock,
        ConsentRepository,
        ConsentsService,
        TokenRevocationOutboxRepository,
        AuthServerSystemClient,
        TokenRevocationWorker,
        { provide: OUTBOX_POLLING, useValue: api },
      ],
      exports: [ConsentsService, TokenRevocationWorker, Clock],
    };
  }
}
