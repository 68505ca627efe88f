import { CdrError } from '@ofs/cdr';
import { ConsentStoreError } from '@ofs/consent-store';
import { OAuthError } from '@ofs/oauth';
import type { AuthenticatedCaller, ResourceServer } from '@ofs/resource-server';
import type { Request } from 'express';
import type { BankConsent, BankConsentStore } from '../consents/bank-consent-store';
import { accessOf, ConsentAccessResolver } from './consent-access.resolver';

const consent = (over: Partial<BankConsent> = {}): BankConsent => ({
  id: 'c-1',
  subject: 'user',
  client_id: 'tpp',
  client_name: 'TPP',
  status: 'authorized',
  granted_scopes: ['accounts'],
  account_ids: ['96534987'],
  authorization_details: [],
  ...over,
});

const caller = (over: Partial<AuthenticatedCaller> = {}): AuthenticatedCaller => ({
  clientId: 'tpp',
  subject: 'user',
  scopes: ['accounts'],
  consentId: 'c-1',
  scheme: 'DPoP',
  introspection: { active: true },
  ...over,
});

/** The resolver over a resource server and a store that answer what the case says. */
function resolverWith(verify: () => Promise<AuthenticatedCaller>, get: () => Promise<BankConsent | undefined>) {
  const resourceServer = { verify } as unknown as ResourceServer;
  const store: BankConsentStore = { get, create: jest.fn(), revoke: jest.fn(), close: jest.fn() };
  return new ConsentAccessResolver(resourceServer, store);
}

async function refusal(promise: Promise<unknown>): Promise<CdrError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof CdrError) return e;
    throw e;
  }
  throw new Error('resolved');
}

// Issue 10 item 2: the consent behind the token decides; every failure is a CDR error with its challenge.
describe('ConsentAccessResolver', () => {
  const req = {} as Request;

  it('an authorized consent of this client and customer gives its accounts', async () => {
    const access = await resolverWith(
      async () => caller(),
      async () => consent(),
    ).resolve(req);
    expect(access).toEqual({ subject: 'user', accountIds: ['96534987'], permissions: null, tokenScheme: 'DPoP' });
  });

  it.each([
    ['no consent_id in the token', caller({ consentId: undefined }), consent(), 'The access token carries no consent'],
    ['an unknown consent', caller(), undefined, 'The consent behind the access token does not exist'],
    ['a revoked consent', caller(), consent({ status: 'revoked' }), 'The consent was revoked'],
    ['a rejected consent', caller(), consent({ status: 'rejected' }), 'The consent was rejected'],
    ['a consent of another client', caller({ clientId: 'other' }), consent(), 'The consent is of another client'],
    ['a consent of another customer', caller({ subject: 'eve' }), consent(), 'The consent is of another customer'],
  ])('RFC 6750 §3.1: %s → 401 invalid_token in the token scheme', async (_case, who, found, description) => {
    const error = await refusal(
      resolverWith(
        async () => who,
        async () => found,
      ).resolve(req),
    );
    expect([error.status, error.entry.code]).toEqual([401, 'urn:au-cds:error:cds-all:Authorisation/Unauthorized']);
    expect(error.headers['WWW-Authenticate']).toBe(
      `DPoP error="invalid_token", error_description="${description}", algs="PS256 ES256 EdDSA"`,
    );
  });

  it('a Bearer (certificate-bound) token is challenged with Bearer', async () => {
    const error = await refusal(
      resolverWith(
        async () => caller({ scheme: 'Bearer' }),
        async () => consent({ status: 'revoked' }),
      ).resolve(req),
    );
    expect(error.headers['WWW-Authenticate']).toBe(
      'Bearer error="invalid_token", error_description="The consent was revoked"',
    );
  });

  it('the token checks keep their status and challenge: 401, 403 insufficient_scope; 503 when the AS cannot say', async () => {
    const challenge = { 'WWW-Authenticate': 'DPoP error="insufficient_scope", scope="accounts"' };
    const forbidden = await refusal(
      resolverWith(
        () => Promise.reject(new OAuthError('insufficient_scope', 'no accounts', { status: 403, headers: challenge })),
        async () => consent(),
      ).resolve(req),
    );
    expect([forbidden.status, forbidden.entry.code, forbidden.headers]).toEqual([
      403,
      'urn:au-cds:error:cds-all:Authorisation/InvalidConsent',
      challenge,
    ]);
    const down = await refusal(
      resolverWith(
        () => Promise.reject(new OAuthError('temporarily_unavailable', 'AS down', { status: 503 })),
        async () => consent(),
      ).resolve(req),
    );
    expect([down.status, down.entry.code]).toEqual([503, 'urn:au-cds:error:cds-all:Service/Unavailable']);
  });

  it('a consent store that cannot answer is a 503, never a 500 or a pass', async () => {
    const error = await refusal(
      resolverWith(
        async () => caller(),
        () => Promise.reject(new ConsentStoreError('unavailable', 'connection refused')),
      ).resolve(req),
    );
    expect(error.status).toBe(503);
  });
});

// RFC 9396 §7: what a consent's authorization details allow.
describe('accessOf', () => {
  it.each([
    ['no details: every read', [], null],
    [
      'account_information permissions',
      [{ type: 'account_information', permissions: ['ReadBalances', 'ReadAccountsBasic'] }],
      ['ReadBalances', 'ReadAccountsBasic'],
    ],
    [
      'several details: the union, unknown permissions left out',
      [
        { type: 'account_information', permissions: ['ReadBalances'] },
        { type: 'account_information', permissions: ['ReadTransactionsBasic', 'WritePayments'] },
      ],
      ['ReadBalances', 'ReadTransactionsBasic'],
    ],
    ['only a payment: no read at all', [{ type: 'payment_initiation' }], []],
  ])('%s', (_case, details, permissions) => {
    expect(accessOf(consent({ authorization_details: details })).permissions).toEqual(permissions);
  });

  it('each permission covers the accounts of its own detail (one without accounts: every shared account)', () => {
    const access = accessOf(
      consent({
        account_ids: ['A', 'B', 'C'],
        authorization_details: [
          { type: 'account_information', permissions: ['ReadBalances'], accounts: ['A', 'Z'] },
          { type: 'account_information', permissions: ['ReadTransactionsBasic', 'ReadBalances'], accounts: ['B'] },
          { type: 'account_information', permissions: ['ReadAccountsBasic'] },
        ],
      }),
    );
    expect(access.permissions).toEqual(['ReadBalances', 'ReadTransactionsBasic', 'ReadAccountsBasic']);
    expect(access.accountsByPermission).toEqual({
      ReadBalances: ['A', 'B'],
      ReadTransactionsBasic: ['B'],
      ReadAccountsBasic: ['A', 'B', 'C'],
    });
  });
});
