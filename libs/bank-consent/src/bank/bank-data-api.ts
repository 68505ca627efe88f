import { Inject, Injectable, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { BankingModule, type BankSeed } from '@ofs/bank';
import { ResourceServerModule } from '@ofs/resource-server';
import { ConsentAccessResolver } from '../access/consent-access.resolver';
import type { BankAuthServer } from '../config/bank-auth-server.config';
import { BANK_CONSENT_STORE, type BankConsentStore } from '../consents/bank-consent-store';

export interface BankDataApiOptions {
  seed: BankSeed;
  /** `https://localhost:8070`: the data API as TPPs call it (CDR links, DPoP `htu`). */
  publicUrl: string;
  authServer: BankAuthServer;
  /** The bank's consent store (made once per listener). */
  consentStore: () => BankConsentStore;
}

/** Closes the consent store's connections with the listener. */
@Injectable()
class ConsentStoreShutdown implements OnModuleDestroy {
  constructor(@Inject(BANK_CONSENT_STORE) private readonly store: BankConsentStore) {}
  onModuleDestroy(): void {
    this.store.close();
  }
}

/**
 * A bank's data API listener: the CDR endpoints of libs/bank behind {@link ConsentAccessResolver}. Introspection
 * answers are not cached (`introspectionCacheMs: 0`) and neither are consents, so a request made after any
 * revocation returned (a consent revoked, or a token revoked at the authorization server) is refused.
 */
export function bankDataApi(options: BankDataApiOptions): DynamicModule {
  const { authServer } = options;
  return BankingModule.forRoot({
    seed: options.seed,
    publicUrl: options.publicUrl,
    accessResolver: ConsentAccessResolver,
    imports: [
      ResourceServerModule.forRootAsync({
        useFactory: () => ({
          issuer: authServer.issuer,
          introspectionEndpoint: authServer.introspectionEndpoint,
          clientId: authServer.clientId,
          tls: authServer.tls,
          publicBaseUrl: options.publicUrl,
          introspectionCacheMs: 0,
        }),
      }),
    ],
    providers: [{ provide: BANK_CONSENT_STORE, useFactory: options.consentStore }, ConsentStoreShutdown],
  });
}
