import { Module, type DynamicModule } from '@nestjs/common';
import { ConsentsModule, type ConsentsModuleOptions } from '../consents/consents.module';
import { BANK_CONSENT_SOURCES } from './bank-consent-source';
import { ConsentDirectory } from './consent-directory.service';
import { GoBankConsents } from './go-bank-consents';
import { HyperscaleBankConsents } from './hyperscale-bank-consents';

/** Both banks' consents behind one interface (ConsentDirectory), for the console and the portal. */
@Module({})
export class BankConsentsModule {
  static forListener(options: ConsentsModuleOptions): DynamicModule {
    return {
      module: BankConsentsModule,
      imports: [ConsentsModule.forListener(options)],
      providers: [
        GoBankConsents,
        HyperscaleBankConsents,
        {
          provide: BANK_CONSENT_SOURCES,
          inject: [GoBankConsents, HyperscaleBankConsents],
          useFactory: (goBank: GoBankConsents, hyperscale: HyperscaleBankConsents) => [goBank, hyperscale],
        },
        ConsentDirectory,
      ],
      exports: [ConsentDirectory],
    };
  }
}
