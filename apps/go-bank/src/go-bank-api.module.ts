import { Module, type DynamicModule } from '@nestjs/common';
import { bankDataApi } from '@ofs/bank-consent';
import type { RuntimeConfig } from '@ofs/platform';
import { goBankApiUrl, goBankAuthServer, goBankConsentStore } from './config/go-bank.config';
import type { GoBankEnv } from './config/go-bank.env';
import { GO_BANK_SEED } from './seed/go-bank.seed';

/** Root module of go-bank's `api` listener: the CDR data API behind the consent in consent-admin. */
@Module({})
export class GoBankApiModule {
  static forConfig(config: RuntimeConfig<GoBankEnv>): DynamicModule {
    const as = goBankAuthServer(config);
    return {
      module: GoBankApiModule,
      imports: [
        bankDataApi({
          seed: GO_BANK_SEED,
          publicUrl: goBankApiUrl(config),
          authServer: as,
          consentStore: () => goBankConsentStore(config, as),
        }),
      ],
    };
  }
}
