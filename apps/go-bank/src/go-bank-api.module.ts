import { Module } from '@nestjs/common';

/** Root module of go-bank's `api` listener. */
@Module({})
export class GoBankApiModule {}
