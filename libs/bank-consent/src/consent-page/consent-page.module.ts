import { Module, type DynamicModule } from '@nestjs/common';
import { BankDataRepository } from '@ofs/bank';
import { DataSource } from 'typeorm';
import { ConsentPageController } from './consent-page.controller';
import { CONSENT_PAGE_OPTIONS, type ConsentPageOptions } from './consent-page.options';
import { ConsentPageService } from './consent-page.service';

export interface ConsentPageModuleOptions {
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...args: never[]) => ConsentPageOptions | Promise<ConsentPageOptions>;
}

/**
 * A bank's consent page listener: the page, its decision, and the bank's accounts to choose from. Needs
 * `WebModule.forRoot({ brand, session })` in the same listener (layout, error pages, sessions with CSRF tokens).
 */
@Module({})
export class ConsentPageModule {
  static forRootAsync(options: ConsentPageModuleOptions): DynamicModule {
    return {
      module: ConsentPageModule,
      controllers: [ConsentPageController],
      providers: [
        { provide: CONSENT_PAGE_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        {
          provide: BankDataRepository,
          useFactory: (db: DataSource) => new BankDataRepository(db),
          inject: [DataSource],
        },
        ConsentPageService,
      ],
    };
  }
}
