import { Module } from '@nestjs/common';
import { BankConsentsModule } from '../bank-consents/bank-consents.module';
import { ConsentTimelineClient } from '../consent-timeline/consent-timeline.client';
import { ConsoleAuthController } from './console-auth.controller';
import { ConsoleSignIn } from './console-sign-in';
import { ConsoleController } from './console.controller';

/** The consent console's pages (staff sign-in, search, detail, revoke, revoke all of a TPP). */
@Module({
  imports: [BankConsentsModule.forListener({ api: true })],
  controllers: [ConsoleAuthController, ConsoleController],
  providers: [ConsoleSignIn, ConsentTimelineClient],
})
export class ConsoleModule {}
