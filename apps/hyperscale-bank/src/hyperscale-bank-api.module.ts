import { Module, type DynamicModule } from '@nestjs/common';
import { bankDataApi } from '@ofs/bank-consent';
import type { RuntimeConfig } from '@ofs/platform';
import {
  hyperscaleBankApiUrl,
  hyperscaleBankAuthServer,
  hyperscaleBankConsentStore,
} from './config/hyperscale-bank.config';
import type { HyperscaleBankEnv } from './config/hyperscale-bank.env';
import { HYPERSCALE_BANK_SEED } from './seed/hyperscale-bank.seed';

/** Root module of hyperscale-bank's `api` listener: the CDR data API behind the consent in the identity pool. */
@Module({})
export class HyperscaleBankApiModule {
  static forConfig(config: RuntimeConfig<HyperscaleBankEnv>): DynamicModule {
    const as = hyperscaleBankAuthServer(config);
    return {
      module: HyperscaleBankApiModule,
      imports: [
        bankDataApi({
          seed: HYPERSCALE_BANK_SEED,
          publicUrl: hyperscaleBankApiUrl(config),
          authServer: as,
          consentStore: () => hyperscaleBankConsentStore(as),
        }),
      ],
    };
  }
}
