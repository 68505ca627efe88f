import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import type { ConsentAdminEnv } from '../config/consent-admin.env';
import { consoleSignInClient } from '../config/consent-admin.config';
import { OidcSignIn } from '../sign-in/oidc-sign-in';

/** Staff sign-in: `consent-admin-console` at the authorization server's `admin` server. */
@Injectable()
export class ConsoleSignIn extends OidcSignIn implements OnModuleDestroy {
  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig<ConsentAdminEnv>) {
    super(consoleSignInClient(config));
  }

  onModuleDestroy(): void {
    this.close();
  }
}
