import { Module } from '@nestjs/common';

/** Root module of go-bank's `consent-page` listener. */
@Module({})
export class GoBankConsentPageModule {}
