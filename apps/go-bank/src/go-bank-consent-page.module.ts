import { Module, type DynamicModule } from '@nestjs/common';
import { AuthServerLoginsClient, ConsentPageModule, SystemApiClient } from '@ofs/bank-consent';
import type { RuntimeConfig } from '@ofs/platform';
import { WebModule } from '@ofs/web';
import { GO_BANK_BRAND } from './branding/go-bank.brand';
import { goBankAuthServer, goBankConsentStore } from './config/go-bank.config';
import type { GoBankEnv } from './config/go-bank.env';

/** Root module of go-bank's `consent-page` listener: "Account selection", consents stored in consent-admin. */
@Module({})
export class GoBankConsentPageModule {
  static forConfig(config: RuntimeConfig<GoBankEnv>): DynamicModule {
    return {
      module: GoBankConsentPageModule,
      imports: [
        WebModule.forRoot({ brand: GO_BANK_BRAND, session: { cookieName: '__Host-gobank-consent', ttlSeconds: 600 } }),
        ConsentPageModule.forRootAsync({
          useFactory: () => {
            const as = goBankAuthServer(config);
            const api = new SystemApiClient({
              tokenEndpoint: as.tokenEndpoint,
              clientId: as.clientId,
              scope: 'manage_logins',
              tls: as.tls,
            });
            const consents = goBankConsentStore(config, as);
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
