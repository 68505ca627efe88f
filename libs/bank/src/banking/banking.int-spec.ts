import { CdrError } from '@ofs/cdr';
import { dataSourceOptions, migrateDatabase } from '@ofs/platform';
import { DataSource } from 'typeorm';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../../../../test/support/test-database';
import { AccountBalanceEntity } from '../database/account-balance.entity';
import { AccountTransactionEntity } from '../database/account-transaction.entity';
import { BankAccountEntity } from '../database/bank-account.entity';
import { BankData1796400000000 } from '../database/bank-data.migration';
import { BankDataRepository } from '../database/bank-data.repository';
import type { BankSeed } from '../seed/bank-seed';
import { BankingService } from './banking.service';
import type { ConsentedAccess } from './consented-access';

const SEED: BankSeed = {
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
      productName: 'Personal loan',
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
    {
      accountId: '7777777',
      owner: 'someone-else',
      kind: 'checkings',
      nickname: 'Not yours',
      productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
      productName: 'Everyday',
      currentBalance: '5.00',
      availableBalance: '5.00',
    },
  ],
};
const TODAY = new Date('2026-12-02T09:30:00Z');
const ALL: ConsentedAccess = { subject: 'user', accountIds: ['1000001', '1000002', '96534987'], permissions: null };
const self = (path: string) => new URL(`https://localhost:8070${path}`);

async function refusal(p: Promise<unknown>): Promise<CdrError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CdrError) return e;
    throw e;
  }
  throw new Error('expected a CDR error');
}

// Issue 10: the bank's data, on real PostgreSQL, limited to what the consent names.
describe('bank data (CDR banking reads) on PostgreSQL', () => {
  const schema = uniqueSchema('bank_data');
  let db: DataSource;
  let repo: BankDataRepository;
  let service: BankingService;

  beforeAll(async () => {
    const database = {
      entities: [BankAccountEntity, AccountBalanceEntity, AccountTransactionEntity],
      migrations: [BankData1796400000000],
      schema,
    };
    await migrateDatabase(testDatabaseUrl(), database, 'test');
    db = new DataSource(dataSourceOptions(testDatabaseUrl(), database, 'test'));
    await db.initialize();
    repo = new BankDataRepository(db);
    service = new BankingService(repo, () => TODAY);
    await repo.seed(SEED, TODAY);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropSchema(schema);
  });

  it('the migration matches the entities', async () => {
    expect((await db.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });

  it('seeding is idempotent, and tops the history up to a later day only', async () => {
    const count = async () => Number((await db.query(`SELECT count(*) FROM account_transaction`))[0].count);
    const before = await count();
    await repo.seed(SEED, TODAY);
    expect(await count()).toBe(before);
    const later = new Date(TODAY.getTime() + 31 * 86_400_000);
    await repo.seed(SEED, later);
    expect(await count()).toBeGreaterThan(before);
    const [{ max }] = await db.query(`SELECT max(history_until)::text AS max FROM bank_account`);
    expect(max).toBe('2027-01-02');
    await db.query(`DELETE FROM account_transaction WHERE posting_date_time > $1`, [TODAY]);
    await db.query(`UPDATE bank_account SET history_until = '2026-12-02'`);
  });

  it('lists only the consented accounts, in the CDR shape, with their balances (CONTRACT.md bank data)', async () => {
    const one = await service.accounts({ ...ALL, accountIds: ['96534987'] }, {}, self('/banking/accounts'));
    expect(one).toEqual({
      data: {
        accounts: [
          {
            accountId: '96534987',
            creationDate: '2015-01-01',
            displayName: 'Checkings Account',
            nickname: 'Checkings Account',
            openStatus: 'OPEN',
            isOwned: true,
            maskedNumber: '************987',
            productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
            productName: 'Everyday',
          },
        ],
      },
      links: {
        self: 'https://localhost:8070/banking/accounts',
        first: 'https://localhost:8070/banking/accounts?page=1&page-size=25',
        last: 'https://localhost:8070/banking/accounts?page=1&page-size=25',
      },
      meta: { totalRecords: 1, totalPages: 1 },
    });
    const balances = await service.balances(ALL, {}, self('/banking/accounts/balances'));
    expect(balances.data.balances.map((b) => [b.accountId, b.currentBalance, b.availableBalance, b.currency])).toEqual([
      ['1000001', '1000.00', '1000.00', 'AUD'],
      ['1000002', '2330.45', '2330.45', 'AUD'],
      ['96534987', '1174.23', '1174.23', 'AUD'],
    ]);
    const none = await service.accounts({ ...ALL, accountIds: [] }, {}, self('/banking/accounts'));
    expect([none.data.accounts, none.meta]).toEqual([[], { totalRecords: 0, totalPages: 0 }]);
  });

  it("another customer's account named in a consent stays invisible; outside the consent → 404 InvalidBankingAccount", async () => {
    const sneaky = { ...ALL, accountIds: ['96534987', '7777777'] };
    expect(
      (await service.accounts(sneaky, {}, self('/banking/accounts'))).data.accounts.map((a) => a.accountId),
    ).toEqual(['96534987']);
    for (const call of [
      () => service.account({ ...ALL, accountIds: ['96534987'] }, '1000001', self('/x')),
      () => service.balance({ ...ALL, accountIds: ['96534987'] }, '1000001', self('/x')),
      () => service.transactions({ ...ALL, accountIds: ['96534987'] }, '1000001', {}, self('/x')),
      () => service.account(sneaky, '7777777', self('/x')),
      () => service.account(ALL, "1' OR '1'='1", self('/x')),
    ]) {
      expect(await refusal(call())).toMatchObject({
        status: 404,
        entry: { code: 'urn:au-cds:error:cds-banking:Authorisation/InvalidBankingAccount' },
      });
    }
  });

  it('pages through accounts; past the last page → 422', async () => {
    const second = await service.accounts(
      ALL,
      { page: '2', 'page-size': '2' },
      self('/banking/accounts?page=2&page-size=2'),
    );
    expect(second.data.accounts.map((a) => a.accountId)).toEqual(['96534987']);
    expect(second.meta).toEqual({ totalRecords: 3, totalPages: 2 });
    expect(second.links.prev).toBe('https://localhost:8070/banking/accounts?page=1&page-size=2');
    expect(second.links.next).toBeUndefined();
    expect(
      (await refusal(service.accounts(ALL, { page: '3', 'page-size': '2' }, self('/banking/accounts')))).status,
    ).toBe(422);
    const loans = await service.accounts(ALL, { 'product-category': 'PERS_LOANS' }, self('/banking/accounts'));
    expect(loans.data.accounts.map((a) => a.accountId)).toEqual(['1000002']);
  });

  it("transactions: newest first within the last 90 days by default, with the reference's five", async () => {
    const res = await service.transactions(ALL, '96534987', { 'page-size': '1000' }, self('/t'));
    const posted = res.data.transactions.map((t) => t.postingDateTime!);
    expect([...posted].sort().reverse()).toEqual(posted);
    expect(posted.every((p) => new Date(p) >= new Date(TODAY.getTime() - 90 * 86_400_000))).toBe(true);
    expect(res.data.transactions.map((t) => t.description)).toEqual(
      expect.arrayContaining(['rent payment', 'dinner', 'groceries', 'car payment']),
    );
    expect(res.meta.totalRecords).toBe(res.data.transactions.length);
    const savings = await service.transactions(ALL, '1000001', { text: 'CAR REPAIR' }, self('/t'));
    expect(savings.data.transactions).toEqual([
      expect.objectContaining({
        description: 'emergency car repair',
        amount: '-512.97',
        currency: 'AUD',
        reference: 'EFTPOS',
        merchantCategoryCode: '5411',
        type: 'PAYMENT',
        status: 'POSTED',
      }),
    ]);
  });

  it('transaction filters: a year back, amounts, text (wildcards are literal)', async () => {
    const year = await service.transactions(
      ALL,
      '96534987',
      { 'oldest-time': '2025-12-01T00:00:00Z', 'page-size': '1000' },
      self('/t'),
    );
    expect(year.data.transactions.filter((t) => t.description === 'Salary ACME Pty Ltd').length).toBeGreaterThanOrEqual(
      12,
    );
    const big = await service.transactions(
      ALL,
      '96534987',
      { 'oldest-time': '2025-12-01T00:00:00Z', 'max-amount': '-1000', 'page-size': '1000' },
      self('/t'),
    );
    expect(big.data.transactions.length).toBeGreaterThan(0);
    expect(big.data.transactions.every((t) => Number(t.amount) <= -1000)).toBe(true);
    const percent = await service.transactions(ALL, '96534987', { text: '%' }, self('/t'));
    expect(percent.meta.totalRecords).toBe(0);
  });

  it('permissions of the consent: balances need ReadBalances, transactions ReadTransactions* (403)', async () => {
    const accountsOnly: ConsentedAccess = { ...ALL, permissions: ['ReadAccountsBasic'] };
    expect((await service.accounts(accountsOnly, {}, self('/a'))).data.accounts).toHaveLength(3);
    for (const call of [
      () => service.balances(accountsOnly, {}, self('/b')),
      () => service.transactions(accountsOnly, '96534987', {}, self('/t')),
    ]) {
      expect(await refusal(call())).toMatchObject({ status: 403 });
    }
    const balancesOnly: ConsentedAccess = { ...ALL, permissions: ['ReadBalances'] };
    expect((await refusal(service.accounts(balancesOnly, {}, self('/a')))).status).toBe(403);
    // RFC 6750 §3.1: challenged in the scheme the token came with.
    const challenged = await refusal(service.accounts({ ...balancesOnly, tokenScheme: 'DPoP' }, {}, self('/a')));
    expect(challenged.headers['WWW-Authenticate']).toBe(
      'DPoP error="insufficient_scope", error_description="the consent does not allow reading accounts (needs ReadAccountsBasic or ReadAccountsDetail)"',
    );
    expect((await service.balance(balancesOnly, '1000002', self('/b'))).data.currentBalance).toBe('2330.45');
  });

  it('RFC 9396 §7: a permission granted for some accounts reads those only (the others do not exist for it, 404)', async () => {
    // Balances of 1000002 and transactions of 96534987, as two narrowed details of one consent.
    const split: ConsentedAccess = {
      ...ALL,
      permissions: ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsBasic'],
      accountsByPermission: {
        ReadAccountsBasic: ['1000001', '1000002', '96534987'],
        ReadBalances: ['1000002'],
        ReadTransactionsBasic: ['96534987'],
      },
    };
    expect((await service.accounts(split, {}, self('/a'))).data.accounts).toHaveLength(3);
    const balances = await service.balances(split, {}, self('/b'));
    expect(balances.data.balances.map((b) => b.accountId)).toEqual(['1000002']);
    expect(balances.meta.totalRecords).toBe(1);
    expect((await service.balance(split, '1000002', self('/b'))).data.accountId).toBe('1000002');
    expect(await refusal(service.balance(split, '96534987', self('/b')))).toMatchObject({ status: 404 });
    expect((await service.transactions(split, '96534987', {}, self('/t'))).data.transactions.length).toBeGreaterThan(0);
    expect(await refusal(service.transactions(split, '1000002', {}, self('/t')))).toMatchObject({ status: 404 });
  });
});
