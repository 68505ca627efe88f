import { Module } from '@nestjs/common';

/** Root module of consent-admin's `portal` listener. */
@Module({})
export class ConsentPortalModule {}
