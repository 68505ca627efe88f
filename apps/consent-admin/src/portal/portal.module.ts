import { Module } from '@nestjs/common';
import { BankConsentsModule } from '../bank-consents/bank-consents.module';
import { PortalSignIn } from './portal-sign-in';
import { PortalController } from './portal.controller';

/** The customers' self-service portal pages. */
@Module({
  imports: [BankConsentsModule.forListener({ api: false })],
  controllers: [PortalController],
  providers: [PortalSignIn],
})
export class PortalModule {}
