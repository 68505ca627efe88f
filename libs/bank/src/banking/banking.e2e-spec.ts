import { Injectable, Module } from '@nestjs/common';
import { CdrError } from '@ofs/cdr';
import { PlatformEnv, type SandboxAppDefinition } from '@ofs/platform';
import { ACCESS_TOKEN_SECURITY_SCHEMES } from '@ofs/resource-server';
import type { Request } from 'express';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../../../test/support/test-app';
import { AccountBalanceEntity } from '../database/account-balance.entity';
import { AccountTransactionEntity } from '../database/account-transaction.entity';
import { BankAccountEntity } from '../database/bank-account.entity';
import { BankData1796400000000 } from '../database/bank-data.migration';
import type { AccessResolver } from './access-resolver';
import { BankingModule } from './banking.module';
import type { ConsentedAccess } from './consented-access';

/** Test double of a bank's token check: the access comes from a header, or a 401 challenge. */
@Injectable()
class HeaderAccess implements AccessResolver {
  resolve(req: Request): Promise<ConsentedAccess> {
    const given = req.get('x-test-access');
    if (!given)
      return Promise.reject(
        new CdrError('unauthorized', 'no access token', { 'WWW-Authenticate': 'DPoP error="invalid_token"' }),
      );
    return Promise.resolve(JSON.parse(given) as ConsentedAccess);
  }
}

@Module({
  imports: [
    BankingModule.forRoot({
      publicUrl: 'https://localhost:8070',
      accessResolver: HeaderAccess,
      seed: {
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
      },
    }),
  ],
})
class TestBankModule {}

const testBank: SandboxAppDefinition<PlatformEnv> = {
  name: 'go-bank',
  schema: 'bank_api',
  envClass: PlatformEnv,
  database: {
    entities: [BankAccountEntity, AccountBalanceEntity, AccountTransactionEntity],
    migrations: [BankData1796400000000],
  },
  listeners: () => [
    {
      name: 'api',
      title: 'Test bank',
      description: 'CDR banking',
      port: 1,
      module: TestBankModule,
      securitySchemes: ACCESS_TOKEN_SECURITY_SCHEMES,
    },
  ],
};

// Issue 10: the CDR banking endpoints over HTTP, their error shapes and their Swagger document.
describe('CDR banking API (libs/bank) over HTTP', () => {
  let t: TestApp<PlatformEnv>;
  const as = (access: Partial<ConsentedAccess>) =>
    JSON.stringify({ subject: 'user', accountIds: ['1000001', '96534987'], permissions: null, ...access });
  const get = (path: string, access?: Partial<ConsentedAccess>) => {
    const req = request(t.apps.api!.getHttpServer()).get(path);
    return access ? req.set('x-test-access', as(access)) : req;
  };

  beforeAll(async () => {
    t = await startTestApp(testBank);
  });
  afterAll(() => t?.close());

  it('GET /banking/accounts, /balances, /{id}, /{id}/balance, /{id}/transactions answer the CDR shapes', async () => {
    const accounts = await get('/banking/accounts', {});
    expect([accounts.status, accounts.body.data.accounts.length, accounts.body.meta]).toEqual([
      200,
      2,
      { totalRecords: 2, totalPages: 1 },
    ]);
    expect(accounts.body.links.self).toBe('https://localhost:8070/banking/accounts');
    expect((await get('/banking/accounts/balances', {})).body.data.balances).toHaveLength(2);
    expect((await get('/banking/accounts/96534987', {})).body.data.nickname).toBe('Checkings Account');
    expect((await get('/banking/accounts/96534987/balance', {})).body.data.currentBalance).toBe('1174.23');
    const transactions = await get('/banking/accounts/96534987/transactions?text=groceries', {});
    expect(transactions.body.data.transactions.map((x: { description: string }) => x.description)).toContain(
      'groceries',
    );
  });

  it('errors in the CDR error list: 404 outside the consent, 400 bad parameters, 422 past the last page, 401 with its challenge', async () => {
    const outside = await get('/banking/accounts/1000001/transactions', { accountIds: ['96534987'] });
    expect([outside.status, outside.body.errors[0].code]).toEqual([
      404,
      'urn:au-cds:error:cds-banking:Authorisation/InvalidBankingAccount',
    ]);
    const bad = await get('/banking/accounts?page-size=5000', {});
    expect([bad.status, bad.body.errors[0].code]).toEqual([400, 'urn:au-cds:error:cds-all:Field/InvalidPageSize']);
    const past = await get('/banking/accounts?page=9', {});
    expect([past.status, past.body.errors[0].code]).toEqual([422, 'urn:au-cds:error:cds-all:Field/InvalidPage']);
    const anonymous = await get('/banking/accounts');
    expect([anonymous.status, anonymous.headers['www-authenticate'], anonymous.headers['cache-control']]).toEqual([
      401,
      'DPoP error="invalid_token"',
      'no-store',
    ]);
    expect(anonymous.body.errors[0].code).toBe('urn:au-cds:error:cds-all:Authorisation/Unauthorized');
  });

  it('every data API is in Swagger, with its security schemes', async () => {
    const doc = (await get('/docs-json')).body as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(
      Object.keys(doc.paths)
        .filter((p) => p.startsWith('/banking'))
        .sort(),
    ).toEqual([
      '/banking/accounts',
      '/banking/accounts/balances',
      '/banking/accounts/{accountId}',
      '/banking/accounts/{accountId}/balance',
      '/banking/accounts/{accountId}/transactions',
    ]);
    expect(doc.paths['/banking/accounts']!.get!.security).toEqual(
      expect.arrayContaining([{ dpop: [] }, { 'certificate-bound': [] }]),
    );
    const schemes = (doc as unknown as { components: { securitySchemes: Record<string, { scheme: string }> } })
      .components.securitySchemes;
    expect([schemes.dpop?.scheme, schemes['certificate-bound']?.scheme]).toEqual(['DPoP', 'bearer']);
  });
});
