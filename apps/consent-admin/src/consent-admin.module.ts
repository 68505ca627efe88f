import { Module } from '@nestjs/common';
import { WebModule } from '@ofs/web';
import { ConsoleModule } from './console/console.module';
import { CONSOLE_BRAND } from './console/pages/console-layout';

/** Where the consent storage API lives on the `admin` listener (JSON answers and errors, API security headers). */
export const CONSENT_API_PATHS: readonly string[] = ['/api/'];

/** Root module of consent-admin's `admin` listener: Go Bank's consent storage API and the consent console. */
@Module({
  imports: [
    WebModule.forRoot({
      brand: CONSOLE_BRAND,
      session: { cookieName: '__Host-ofs-console' },
      apiPrefixes: CONSENT_API_PATHS,
    }),
    ConsoleModule,
  ],
})
export class ConsentAdminModule {}
