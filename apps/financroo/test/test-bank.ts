import type { RequestListener } from 'node:http';
import * as https from 'node:https';
import { Inject, Injectable, Module } from '@nestjs/common';
import {
  AccountBalanceEntity,
  AccountTransactionEntity,
  BankAccountEntity,
  BankData1796400000000,
  BankingModule,
  type AccessResolver,
  type BankSeed,
  type ConsentedAccess,
} from '@ofs/bank';
import { CdrError } from '@ofs/cdr';
import { listenerTlsOptions, PlatformEnv, type SandboxAppDefinition } from '@ofs/platform';
import { ACCESS_TOKEN_SECURITY_SCHEMES } from '@ofs/resource-server';
import type { Request } from 'express';
import { startTestApp, type TestApp } from '../../../test/support/test-app';

/** How the test bank asks the authorization server about a token (RFC 7662 over mutual TLS, as a bank does). */
export interface TestBankAuthServer {
  introspectionUrl: string;
  clientId: string;
  cert: string;
  key: string;
  ca: string;
}

/** What the test banks do besides their usual answers, switched by a test. */
export const testBankBehaviour = {
  /** Every data API read is refused as the consent not allowing it (403, RFC 6750 §3.1 `insufficient_scope`). */
  insufficientScope: false,
};

const AUTH_SERVER = Symbol('AUTH_SERVER');
const SEED = Symbol('SEED');

/**
 * The token check of a real bank replaced by plain introspection at the real authorization server (no sender
 * constraint check): active tokens read the consent's accounts (authorization_details `accounts`, or every
 * account of the subject when the consent left them to the bank), inactive ones get the 401 challenge.
 */
@Injectable()
class IntrospectingAccess implements AccessResolver {
  constructor(
    @Inject(AUTH_SERVER) private readonly as: TestBankAuthServer,
    @Inject(SEED) private readonly seed: BankSeed,
  ) {}

  async resolve(req: Request): Promise<ConsentedAccess> {
    const [, token] = /^(?:DPoP|Bearer) (\S+)$/.exec(req.get('authorization') ?? '') ?? [];
    const refused = new CdrError('unauthorized', 'invalid token', {
      'WWW-Authenticate': 'Bearer error="invalid_token"',
    });
    if (!token) throw refused;
    const answer = await introspect(this.as, token);
    if (answer.active !== true) throw refused;
    if (testBankBehaviour.insufficientScope)
      throw new CdrError('insufficientScope', 'the consent does not allow this read', {
        'WWW-Authenticate': 'DPoP error="insufficient_scope"',
      });
    const sub = answer.sub as string;
    const detail = (answer.authorization_details as Array<Record<string, unknown>> | undefined)?.find(
      (d) => d.type === 'account_information',
    );
    const own = this.seed.accounts.filter((a) => a.owner === sub).map((a) => a.accountId);
    const accounts = Array.isArray(detail?.accounts) ? (detail.accounts as string[]) : own;
    return { subject: sub, accountIds: accounts, permissions: (detail?.permissions as string[] | undefined) ?? null };
  }
}

export function introspect(as: TestBankAuthServer, token: string): Promise<Record<string, unknown>> {
  const body = new URLSearchParams({ token, client_id: as.clientId }).toString();
  const url = new URL(as.introspectionUrl);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port: Number(url.port),
        servername: 'localhost',
        path: url.pathname,
        method: 'POST',
        ca: as.ca,
        cert: as.cert,
        key: as.key,
        agent: false,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(JSON.parse(text))
            : reject(new Error(`introspection ${res.statusCode}: ${text}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** CONTRACT.md "Bank data": the seed accounts of the two banks (user `user`). */
export const GO_BANK_SEED: BankSeed = {
  currency: 'AUD',
  accounts: [
    {
      accountId: '1000001',
      owner: 'user',
      kind: 'savings',
      nickname: 'Savings Account',
      productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
      productName: 'Savings',
      currentBalance: '1000.00',
      availableBalance: '1000.00',
    },
    {
      accountId: '1000002',
      owner: 'user',
      kind: 'loan',
      nickname: 'Loan Account',
      productCategory: 'PERS_LOANS',
      productName: 'Loan',
      currentBalance: '2330.45',
      availableBalance: '2330.45',
    },
    {
      accountId: '96534987',
      owner: 'user',
      kind: 'checkings',
      nickname: 'Checkings Account',
      productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
      productName: 'Everyday',
      currentBalance: '1174.23',
      availableBalance: '1174.23',
    },
  ],
};

export const HYPERSCALE_SEED: BankSeed = {
  currency: 'AUD',
  accounts: [
    {
      accountId: '2000002',
      owner: 'user',
      kind: 'savings',
      nickname: 'Savings',
      productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
      productName: 'Savings',
      currentBalance: '2010.00',
      availableBalance: '1100.00',
    },
    {
      accountId: '2000011',
      owner: 'user',
      kind: 'loan',
      nickname: 'Loan',
      productCategory: 'PERS_LOANS',
      productName: 'Loan',
      currentBalance: '3340.45',
      availableBalance: '1430.45',
    },
    {
      accountId: '95120321',
      owner: 'user',
      kind: 'checkings',
      nickname: 'Checkings',
      productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
      productName: 'Everyday',
      currentBalance: '2175.23',
      availableBalance: '2004.23',
    },
  ],
};

export interface TestBank {
  app: TestApp<PlatformEnv>;
  /** `https://localhost:<port>`: the data API as the banks file names it. */
  url: string;
  /** Stops answering: calls to the data API are refused (ECONNREFUSED) until {@link start}. */
  stop(): Promise<void>;
  /** Answers again on the same port: as the bank, or with `impostor` (a bank gone wrong) instead. */
  start(impostor?: RequestListener): Promise<void>;
  close(): Promise<void>;
}

/** libs/bank's BankingModule (the real CDR controller and data) on a real HTTPS port, with IntrospectingAccess. */
export async function startTestBank(
  name: 'go-bank' | 'hyperscale-bank',
  port: number,
  seed: BankSeed,
  as: TestBankAuthServer,
): Promise<TestBank> {
  @Module({
    imports: [
      BankingModule.forRoot({
        publicUrl: `https://localhost:${port}`,
        accessResolver: IntrospectingAccess,
        seed,
        providers: [
          { provide: AUTH_SERVER, useValue: as },
          { provide: SEED, useValue: seed },
        ],
      }),
    ],
  })
  class TestBankModule {}
  const def: SandboxAppDefinition<PlatformEnv> = {
    name,
    schema: name === 'go-bank' ? 'test_gobank_api' : 'test_hyperscale_api',
    envClass: PlatformEnv,
    database: {
      entities: [BankAccountEntity, AccountBalanceEntity, AccountTransactionEntity],
      migrations: [BankData1796400000000],
    },
    listeners: () => [
      {
        name: 'api',
        title: name,
        description: 'CDR banking',
        port,
        module: TestBankModule,
        securitySchemes: ACCESS_TOKEN_SECURITY_SCHEMES,
      },
    ],
  };
  const app = await startTestApp(def);
  const tls = listenerTlsOptions(app.config.tls, { clientCertificate: 'optional' });
  let server: https.Server | undefined;
  const start = async (impostor?: RequestListener) => {
    const listening = https.createServer(tls, impostor ?? app.apps.api!.getHttpAdapter().getInstance());
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => resolve());
    });
    server = listening;
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server?.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await start();
  return {
    app,
    url: `https://localhost:${port}`,
    stop,
    start: async (impostor) => {
      await stop();
      await start(impostor);
    },
    close: async () => {
      await stop();
      await app.close();
    },
  };
}
