import { Clock } from '@ofs/platform';
import type { BankConnectionEntity } from '../bank-connections/bank-connection.entity';
import type { BankConnections } from '../bank-connections/bank-connections.service';
import { BankDataError } from '../bank-connections/connect.error';
import type { FinancrooSettings } from '../config/financroo.config';
import { BankData } from './bank-data.service';

const ACCOUNT = {
  accountId: '1000001',
  displayName: 'Savings Account',
  maskedNumber: '****0001',
  productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
  productName: 'Savings',
};
const BALANCE = { accountId: '1000001', currentBalance: '10.00', availableBalance: '10.00', currency: 'AUD' };

/** The user's connections as stored, and what the bank answers for each connection's token. */
function bankData(stored: () => Array<Pick<BankConnectionEntity, 'id' | 'bankId' | 'status'>>, revoked: Set<string>) {
  const connections = {
    list: async () => stored(),
    get: async (connection: BankConnectionEntity, path: string) => {
      if (revoked.has(connection.id)) throw new BankDataError('unauthorized', 'the bank refused the token');
      return path.startsWith('/banking/accounts/balances')
        ? { data: { balances: [BALANCE] } }
        : { data: { accounts: [ACCOUNT] } };
    },
  } as unknown as BankConnections;
  const settings = { banks: [{ id: 'gobank', name: 'Go Bank' }] } as unknown as FinancrooSettings;
  return new BankData(connections, settings, new Clock());
}

describe('BankData: the dashboard cards', () => {
  it('a connection replaced meanwhile (connected again in another tab) shows the new one, not "reconnect"', async () => {
    // The dashboard lists connection A; before it reads the bank, connecting again replaces A by B and revokes A.
    const lists = [[{ id: 'A', bankId: 'gobank', status: 'active' as const }]];
    const data = bankData(() => lists.shift() ?? [{ id: 'B', bankId: 'gobank', status: 'active' }], new Set(['A']));
    expect(await data.cards('test')).toMatchObject([
      { bankId: 'gobank', state: 'ok', accounts: [{ accountId: '1000001' }] },
    ]);
  });

  it('a revoked connection that is still the current one says "reconnect"', async () => {
    const data = bankData(() => [{ id: 'A', bankId: 'gobank', status: 'active' }], new Set(['A']));
    expect(await data.cards('test')).toMatchObject([{ bankId: 'gobank', state: 'reconnect' }]);
  });
});
