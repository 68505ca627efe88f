import {
  checkGrantedDetails,
  compileAuthorizationDetailsSchema,
  OAuthError,
  parseAuthorizationDetails,
  schemaProblem,
  validateAuthorizationDetails,
  type AuthorizationDetail,
} from '@ofs/oauth';
import { detailsInWords } from '@ofs/web';
import { SEED_AUTHORIZATION_DETAILS_TYPES } from './seed-authorization-details-types';

const types = new Map(
  SEED_AUTHORIZATION_DETAILS_TYPES.map(({ type, schema }) => [
    type,
    { type, schema, validate: compileAuthorizationDetailsSchema(schema) },
  ]),
);
const schemaOf = (type: string) => types.get(type)?.schema;

const accounts: AuthorizationDetail = {
  type: 'account_information',
  accounts: ['1000001', '1000002'],
  permissions: ['ReadAccountsBasic', 'ReadBalances', 'ReadTransactionsDetail'],
};
const payment: AuthorizationDetail = {
  type: 'payment_initiation',
  instructedAmount: { currency: 'EUR', amount: '12.50' },
  creditorName: 'ACME Ltd',
  creditorAccount: { scheme: 'IBAN', identification: 'DE89370400440532013000' },
  remittanceInformation: 'Invoice 42',
};

function failure(run: () => void): OAuthError {
  try {
    run();
  } catch (e) {
    if (e instanceof OAuthError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

describe('RFC 9396 authorization_details of the seeded types (PAR-23)', () => {
  it('the seeded schemas compile, and valid objects of both types pass', () => {
    for (const { schema } of SEED_AUTHORIZATION_DETAILS_TYPES) expect(schemaProblem(schema)).toBeUndefined();
    expect(() => validateAuthorizationDetails([accounts, payment], { types })).not.toThrow();
    expect(() =>
      validateAuthorizationDetails([{ type: 'account_information', permissions: ['ReadBalances'] }], { types }),
    ).not.toThrow();
  });

  it.each<[string, unknown, string]>([
    ['not JSON', '[{', 'authorization_details is not valid JSON'],
    [
      'an object, not an array',
      { type: 'account_information' },
      'authorization_details must be a non-empty JSON array',
    ],
    ['an empty array', [], 'authorization_details must be a non-empty JSON array'],
    ['an element that is a string', ['account_information'], 'authorization_details/0 must be an object'],
    ['an element without type', [{ permissions: [] }], 'authorization_details/0/type must be a non-empty string'],
    [
      'an unknown type',
      [{ type: 'loan_application' }],
      'authorization_details/0/type loan_application is not supported',
    ],
    [
      'account_information without permissions',
      [{ type: 'account_information', accounts: ['1000001'] }],
      'authorization_details/0/permissions is required',
    ],
    [
      'an unknown permission',
      [{ type: 'account_information', permissions: ['ReadEverything'] }],
      'authorization_details/0/permissions/0 must be equal to one of the allowed values',
    ],
    [
      'an empty permission list',
      [{ type: 'account_information', permissions: [] }],
      'authorization_details/0/permissions must NOT have fewer than 1 items',
    ],
    [
      'an unknown member',
      [{ type: 'account_information', permissions: ['ReadBalances'], overdraft: true }],
      'authorization_details/0/overdraft is not allowed',
    ],
    [
      'a location that is not a URI (ajv-formats)',
      [{ type: 'account_information', permissions: ['ReadBalances'], locations: ['not a uri'] }],
      "authorization_details/0/locations/0 must match format 'uri'",
    ],
    [
      'an amount as a number',
      [{ ...payment, instructedAmount: { currency: 'EUR', amount: 12.5 } }],
      'authorization_details/0/instructedAmount/amount must be string',
    ],
    [
      'an amount with three decimals',
      [{ ...payment, instructedAmount: { currency: 'EUR', amount: '12.505' } }],
      "authorization_details/0/instructedAmount/amount must match pattern '^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?$'",
    ],
    [
      'a lower-case currency',
      [accounts, { ...payment, instructedAmount: { currency: 'eur', amount: '1' } }],
      "authorization_details/1/instructedAmount/currency must match pattern '^[A-Z]{3}$'",
    ],
    [
      'a payment without a creditor account',
      [{ ...payment, creditorAccount: undefined }],
      'authorization_details/0/creditorAccount is required',
    ],
    [
      'a creditor account without identification',
      [{ ...payment, creditorAccount: { scheme: 'IBAN' } }],
      'authorization_details/0/creditorAccount/identification is required',
    ],
  ])('%s → invalid_authorization_details naming the field', (_name, value, description) => {
    const parameter = typeof value === 'string' ? value : JSON.stringify(value);
    const error = failure(() => validateAuthorizationDetails(parseAuthorizationDetails(parameter), { types }));
    expect(error).toMatchObject({ error: 'invalid_authorization_details', status: 400, description });
  });

  it('a type the client did not register (RFC 9396 §10 authorization_details_types) → invalid_authorization_details', () => {
    const error = failure(() =>
      validateAuthorizationDetails([payment], { types, clientTypes: ['account_information'] }),
    );
    expect(error.description).toBe('authorization_details/0/type payment_initiation is not registered for this client');
  });
});

describe('RFC 9396 §7: a consent page grants at most what was requested, per type', () => {
  it.each<[string, AuthorizationDetail[]]>([
    ['everything as requested', [accounts, payment]],
    ['fewer accounts', [{ ...accounts, accounts: ['1000002'] }]],
    ['fewer permissions', [{ ...accounts, permissions: ['ReadBalances'] }]],
    ['the payment only', [payment]],
    [
      'accounts named where the request left the choice to the user',
      [{ type: 'account_information', permissions: ['ReadBalances'], accounts: ['96534987'] }],
    ],
  ])('accepted: %s', (_name, granted) => {
    const requested = [accounts, payment, { type: 'account_information', permissions: ['ReadBalances'] }];
    expect(() => checkGrantedDetails(granted, requested, schemaOf)).not.toThrow();
  });

  it.each<[string, AuthorizationDetail, string]>([
    [
      'another account',
      { ...accounts, accounts: ['1000001', '96534987'] },
      'granted_authorization_details/0/accounts includes 96534987, which was not requested',
    ],
    [
      'another permission',
      { ...accounts, permissions: ['ReadBalances', 'ReadAccountsDetail'] },
      'granted_authorization_details/0/permissions includes ReadAccountsDetail, which was not requested',
    ],
    [
      'accounts left out (every account)',
      { type: 'account_information', permissions: ['ReadBalances'] },
      'granted_authorization_details/0/accounts must be granted (leaving it out would grant every item)',
    ],
    [
      'a larger payment',
      { ...payment, instructedAmount: { currency: 'EUR', amount: '125.00' } },
      'granted_authorization_details/0/instructedAmount must be granted exactly as requested',
    ],
    [
      'a payment to someone else',
      { ...payment, creditorName: 'Mallory' },
      'granted_authorization_details/0/creditorName must be granted exactly as requested',
    ],
    [
      'a type that was not requested',
      { type: 'loan_application' },
      'granted_authorization_details/0/type loan_application was not requested',
    ],
  ])('refused with 400 invalid_request: %s', (_name, granted, description) => {
    const error = failure(() => checkGrantedDetails([granted], [accounts, payment], schemaOf));
    expect(error).toMatchObject({ error: 'invalid_request', status: 400, description });
  });
});

describe('the built-in consent page says it in plain words', () => {
  it('account information and a payment', () => {
    expect(detailsInWords([accounts, payment])).toEqual([
      {
        title: 'Access to your accounts',
        lines: [
          'See the names and types of your accounts',
          'Read your balances',
          'See the details of your transactions (payees and references)',
          'For accounts 1000001, 1000002',
        ],
      },
      {
        title: 'A payment',
        lines: ['Pay EUR 12.50 to ACME Ltd', 'Into account DE89370400440532013000 (IBAN)', 'Reference: Invoice 42'],
      },
    ]);
  });

  it('a type the operator added: field by field, no JSON', () => {
    expect(
      detailsInWords([{ type: 'loan_application', loanAmount: { currency: 'EUR', amount: '5000' }, termMonths: 24 }]),
    ).toEqual([
      {
        title: 'Loan application',
        lines: ['Loan amount currency: EUR', 'Loan amount amount: 5000', 'Term months: 24'],
      },
    ]);
  });
});
