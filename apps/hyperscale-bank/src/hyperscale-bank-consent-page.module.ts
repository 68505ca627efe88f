import { Module, type DynamicModule } from '@nestjs/common';
import { AuthServerLoginsClient, ConsentPageModule, SystemApiClient } from '@ofs/bank-consent';
import type { RuntimeConfig } from '@ofs/platform';
import { WebModule } from '@ofs/web';
import { HYPERSCALE_BANK_BRAND } from './branding/hyperscale-bank.brand';
import { hyperscaleBankAuthServer, hyperscaleBankConsentStore } from './config/hyperscale-bank.config';
import type { HyperscaleBankEnv } from './config/hyperscale-bank.env';

/** Root module of hyperscale-bank's `consent-page` listener: "Account selection", consents in the identity pool. */
@Module({})
export class HyperscaleBankConsentPageModule {
  static forConfig(config: RuntimeConfig<HyperscaleBankEnv>): DynamicModule {
    return {
      module: HyperscaleBankConsentPageModule,
      imports: [
        WebModule.forRoot({
          brand: HYPERSCALE_BANK_BRAND,
          session: { cookieName: '__Host-hyperscalebank-consent', ttlSeconds: 600 },
        }),
        ConsentPageModule.forRootAsync({
          useFactory: () => {
            const as = hyperscaleBankAuthServer(config);
            const api = new SystemApiClient({
              tokenEndpoint: as.tokenEndpoint,
              clientId: as.clientId,
              scope: 'manage_logins',
              tls: as.tls,
            });
            const consents = hyperscaleBankConsentStore(as);
            return {
              logins: new AuthServerLoginsClient(as.loginsUrl, api),
              consents,
              authServerOrigin: as.origin,
              close: () => {
                api.close();
                consents.close();
              },
            };
          },
        }),
      ],
    };
  }
}
