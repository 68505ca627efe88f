import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BankDataRepository } from '../database/bank-data.repository';
import type { BankSeed } from '../seed/bank-seed';
import { ACCESS_RESOLVER, type AccessResolver } from './access-resolver';
import { BANK_PUBLIC_URL, BankingController } from './banking.controller';
import { BankingService } from './banking.service';

const BANK_SEED = Symbol('BANK_SEED');

export interface BankingModuleOptions {
  seed: BankSeed;
  /** The data API's public base URL (CDR links), e.g. https://localhost:8070. */
  publicUrl: string;
  /** Checks the token and reads the consent (the bank's wiring of the resource guard and its consent store). */
  accessResolver: Type<AccessResolver>;
  /** Providers the resolver needs. */
  providers?: DynamicModule['providers'];
  imports?: DynamicModule['imports'];
}

/** A bank's CDR data API: seeds its data at start (topping up the history), then serves the consented reads. */
@Module({})
export class BankingModule implements OnApplicationBootstrap {
  constructor(
    private readonly data: BankDataRepository,
    @Inject(BANK_SEED) private readonly seed: BankSeed,
  ) {}

  static forRoot(options: BankingModuleOptions): DynamicModule {
    return {
      module: BankingModule,
      imports: options.imports ?? [],
      controllers: [BankingController],
      providers: [
        { provide: BANK_SEED, useValue: options.seed },
        { provide: BANK_PUBLIC_URL, useValue: options.publicUrl },
        {
          provide: BankDataRepository,
          useFactory: (db: DataSource) => new BankDataRepository(db),
          inject: [DataSource],
        },
        {
          provide: BankingService,
          useFactory: (data: BankDataRepository) => new BankingService(data),
          inject: [BankDataRepository],
        },
        { provide: ACCESS_RESOLVER, useClass: options.accessResolver },
        ...(options.providers ?? []),
      ],
      exports: [BankDataRepository],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.data.seed(this.seed, new Date());
  }
}
