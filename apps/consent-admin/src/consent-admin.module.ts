import { Module } from '@nestjs/common';

/** Root module of consent-admin's `admin` listener. */
@Module({})
export class ConsentAdminModule {}
