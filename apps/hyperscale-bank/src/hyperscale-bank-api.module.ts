import { Module } from '@nestjs/common';

/** Root module of hyperscale-bank's `api` listener. */
@Module({})
export class HyperscaleBankApiModule {}
