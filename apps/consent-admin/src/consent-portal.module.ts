import { Module } from '@nestjs/common';
import { WebModule } from '@ofs/web';
import { PortalModule } from './portal/portal.module';
import { PORTAL_BRAND } from './portal/pages/portal-layout';

/** Root module of consent-admin's `portal` listener: the customers' self-service portal. */
@Module({
  imports: [WebModule.forRoot({ brand: PORTAL_BRAND, session: { cookieName: '__Host-ofs-portal' } }), PortalModule],
})
export class ConsentPortalModule {}
