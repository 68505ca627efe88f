import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { Clock, RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import { WebModule } from '@ofs/web';
import { BankConnectionRepository } from './bank-connections/bank-connection.repository';
import { BankConnections } from './bank-connections/bank-connections.service';
import { ConnectController } from './bank-connections/connect.controller';
import { FINANCROO_SETTINGS, financrooSettings } from './config/financroo.config';
import type { FinancrooEnv } from './config/financroo.env';
import { BankData } from './dashboard/bank-data.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { FINANCROO_BRAND } from './http/financroo-brand';
import { InsightsController } from './insights/insights.controller';
import { BankRegistrar } from './registration/bank-registrar.service';
import { BankRegistrationRepository } from './registration/bank-registration.repository';
import { PasswordStrategy } from './sign-in/password.strategy';
import { SignInController } from './sign-in/sign-in.controller';
import { SignedInGuard } from './sign-in/signed-in.guard';
import { ChartAssetsController } from './insights/chart-assets.controller';

/** Root module of financroo's `web` listener. */
@Module({
  imports: [PassportModule, WebModule.forRoot({ brand: FINANCROO_BRAND, session: { cookieName: '__Host-financroo' } })],
  controllers: [SignInController, ConnectController, InsightsController, DashboardController, ChartAssetsController],
  providers: [
    {
      provide: FINANCROO_SETTINGS,
      useFactory: (config: RuntimeConfig<FinancrooEnv>) => financrooSettings(config),
      inject: [RUNTIME_CONFIG],
    },
    Clock,
    PasswordStrategy,
    SignedInGuard,
    BankRegistrationRepository,
    BankRegistrar,
    BankConnectionRepository,
    BankConnections,
    BankData,
  ],
})
export class FinancrooModule {}
