import { Module } from '@nestjs/common';
import { ConsentsModule } from './consents/consents.module';

/** Root module of consent-admin's `admin` listener: Go Bank's consent storage API (and, later, the console). */
@Module({ imports: [ConsentsModule] })
export class ConsentAdminModule {}
