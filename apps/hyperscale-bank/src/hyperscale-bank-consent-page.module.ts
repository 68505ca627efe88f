import { Module } from '@nestjs/common';

/** Root module of hyperscale-bank's `consent-page` listener. */
@Module({})
export class HyperscaleBankConsentPageModule {}
