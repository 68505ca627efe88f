import type { BankingAccount } from '@ofs/cdr';
import { narrowed } from './consent-page.service';
import { consentPage } from './consent.page';
import { detailsInWords, scopesInWords } from './consent-words';

const brand = { name: 'Go Bank', accent: '#0b6e4f', logoSvg: '<svg/>' };
const account = (accountId: string, nickname: string): BankingAccount => ({
  accountId,
  nickname,
  displayName: nickname,
  creationDate: '2015-01-01',
  openStatus: 'OPEN',
  isOwned: true,
  maskedNumber: `************${accountId.slice(-3)}`,
  productCategory: 'TRANS_AND_SAVINGS_ACCOUNTS',
  productName: 'Everyday',
});
const login = {
  login_id: '00000000-0000-0000-0000-000000000001',
  subject: 'user',
  client_id: 'tpp-1',
  client_name: '<script>alert(1)</script> TPP',
  requested_scopes: ['openid', 'accounts'],
  authorization_details: [{ type: 'account_information', permissions: ['ReadBalances'] }],
};

// CONTRACT.md "Pages": the bank consent page's ids and texts.
describe('the consent page', () => {
  it('names the client (escaped), lists one ticked box per account, and the two buttons', () => {
    const page = consentPage({
      brand,
      login,
      accounts: [account('1000001', 'Savings Account'), account('96534987', 'Checkings Account')],
      csrfToken: 'tok',
    });
    expect(page).toContain('Select accounts to share with <strong>&lt;script&gt;alert(1)&lt;/script&gt; TPP</strong>');
    expect(page).not.toContain('<script>');
    expect(page).toContain(
      '<input type="checkbox" id="account-id-1000001" name="account_ids" value="1000001" checked>',
    );
    expect(page).toContain(
      '<label for="account-id-96534987">Checkings Account <span class="muted">************987</span>',
    );
    expect(page).toContain('<input type="hidden" name="_csrf" value="tok">');
    expect(page).toContain('<button type="submit" name="action" value="confirm">I Agree</button>');
    expect(page).toContain('<button type="submit" name="action" value="deny" class="secondary">Cancel</button>');
    expect(page).toContain('<li>Read your balances</li>');
  });

  it('shows the redirect host when the authorization server names the redirect URI', () => {
    const page = consentPage({
      brand,
      login: { ...login, redirect_uri: 'https://tpp.example:8091/callback?x=1' },
      accounts: [],
      csrfToken: 'tok',
    });
    expect(page).toContain('<dt>Returns you to</dt><dd><code>tpp.example:8091</code></dd>');
    expect(page).toContain('You have no accounts to share.');
    expect(page).not.toContain('registered itself');
  });

  it('says when the application registered itself (anyone can call itself anything)', () => {
    const page = consentPage({
      brand,
      login: { ...login, dynamically_registered: true },
      accounts: [],
      csrfToken: 't',
    });
    expect(page).toContain('This application registered itself with the bank');
  });
});

describe('what the customer is asked, in words', () => {
  it.each([
    [['accounts'], ['Read the accounts you choose below']],
    [
      ['offline_access', 'made_up'],
      ['Keep this access while you are away (until you revoke it)', 'Use the permission "made_up"'],
    ],
  ])('scopes %j', (scopes, lines) => expect(scopesInWords(scopes)).toEqual(lines));

  it('details: accounts, payments and other types in sentences, never JSON', () => {
    expect(
      detailsInWords([
        { type: 'account_information', permissions: ['ReadAccountsBasic'], accounts: ['1000001'] },
        {
          type: 'payment_initiation',
          instructedAmount: { currency: 'EUR', amount: '12.50' },
          creditorName: 'ACME Ltd',
          remittanceInformation: 'Invoice 7',
        },
        { type: 'custom_thing', purpose: 'audit', tags: ['a', 'b'] },
      ]),
    ).toEqual([
      { title: 'Access to your accounts', lines: ['See the names and types of your accounts', 'Only for 1000001'] },
      { title: 'A payment', lines: ['Pay EUR 12.50 to ACME Ltd', 'Reference: Invoice 7'] },
      { title: 'custom_thing', lines: ['purpose: audit', 'tags: a, b'] },
    ]);
  });
});

// RFC 9396 §7: the granted details narrow the requested ones to the ticked accounts.
describe('narrowed', () => {
  it.each([
    [
      'no accounts requested: the ticked ones',
      [{ type: 'account_information', permissions: ['ReadBalances'] }],
      ['1000001'],
      [{ type: 'account_information', permissions: ['ReadBalances'], accounts: ['1000001'] }],
    ],
    [
      'accounts requested: the ticked among them',
      [{ type: 'account_information', permissions: ['ReadBalances'], accounts: ['1000001', '1000002'] }],
      ['1000002', '96534987'],
      [{ type: 'account_information', permissions: ['ReadBalances'], accounts: ['1000002'] }],
    ],
    [
      'none ticked',
      [{ type: 'account_information', permissions: ['ReadBalances'] }],
      [],
      [{ type: 'account_information', permissions: ['ReadBalances'], accounts: [] }],
    ],
    [
      'a payment as requested',
      [{ type: 'payment_initiation', creditorName: 'A' }],
      ['1000001'],
      [{ type: 'payment_initiation', creditorName: 'A' }],
    ],
  ])('%s', (_case, details, ticked, expected) => {
    expect(narrowed(details, ticked)).toEqual(expected);
  });
});
