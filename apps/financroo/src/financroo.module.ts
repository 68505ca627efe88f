import { Module } from '@nestjs/common';

/** Root module of financroo's `web` listener. */
@Module({})
export class FinancrooModule {}
