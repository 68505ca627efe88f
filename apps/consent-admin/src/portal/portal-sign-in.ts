import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import type { ConsentAdminEnv } from '../config/consent-admin.env';
import { BANKS, portalSignInClient, type BankId } from '../config/consent-admin.config';
import { OidcSignIn } from '../sign-in/oidc-sign-in';

/** Customer sign-in at each bank: `{bank}-consent-portal` at that bank's server. */
@Injectable()
export class PortalSignIn implements OnModuleDestroy {
  private readonly clients: Map<BankId, OidcSignIn>;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig<ConsentAdminEnv>) {
    this.clients = new Map(BANKS.map((b) => [b.id, new OidcSignIn(portalSignInClient(config, b.id))]));
  }

  at(bank: BankId): OidcSignIn {
    return this.clients.get(bank)!;
  }

  onModuleDestroy(): void {
    for (const client of this.clients.values()) client.close();
  }
}
