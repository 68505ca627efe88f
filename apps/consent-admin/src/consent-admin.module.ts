import { Module } from '@nestjs/common';
import { WebModule } from '@ofs/web';
import { ConsoleModule } from './console/console.module';
import { CONSOLE_BRAND } from './console/pages/console-layout';

/** Root module of consent-admin's `admin` listener: Go Bank's consent storage API and the consent console. */
@Module({
  imports: [
    WebModule.forRoot({ brand: CONSOLE_BRAND, session: { cookieName: '__Host-ofs-console' }, apiPrefixes: ['/api/'] }),
    ConsoleModule,
  ],
})
export class ConsentAdminModule {}
