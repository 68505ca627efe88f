import type { AuthorizationDetailsSchema } from '@ofs/oauth';

/** RFC 9396 §2.2 common data fields a type may use. */
const LOCATIONS = { type: 'array', maxItems: 10, items: { type: 'string', format: 'uri' } };

/** Account access (read-only Open Banking data): which accounts, which data. Both lists may be narrowed. */
export const ACCOUNT_INFORMATION_SCHEMA: AuthorizationDetailsSchema = {
  type: 'object',
  required: ['type', 'permissions'],
  additionalProperties: false,
  properties: {
    type: { const: 'account_information' },
    locations: LOCATIONS,
    accounts: {
      type: 'array',
      maxItems: 100,
      uniqueItems: true,
      items: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' },
      'x-narrowable': true,
    },
    permissions: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {
        enum: [
          'ReadAccountsBasic',
          'ReadAccountsDetail',
          'ReadBalances',
          'ReadTransactionsBasic',
          'ReadTransactionsDetail',
        ],
      },
      'x-narrowable': true,
    },
  },
};

/** One payment: granted exactly as requested (no member may be narrowed). */
export const PAYMENT_INITIATION_SCHEMA: AuthorizationDetailsSchema = {
  type: 'object',
  required: ['type', 'instructedAmount', 'creditorName', 'creditorAccount'],
  additionalProperties: false,
  properties: {
    type: { const: 'payment_initiation' },
    locations: LOCATIONS,
    instructedAmount: {
      type: 'object',
      required: ['currency', 'amount'],
      additionalProperties: false,
      properties: {
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        amount: { type: 'string', pattern: '^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?$' },
      },
    },
    creditorName: { type: 'string', minLength: 1, maxLength: 140 },
    creditorAccount: {
      type: 'object',
      required: ['scheme', 'identification'],
      additionalProperties: false,
      properties: {
        scheme: { type: 'string', pattern: '^[A-Za-z0-9.:_-]{1,40}$' },
        identification: { type: 'string', pattern: '^[A-Za-z0-9 -]{1,34}$' },
      },
    },
    remittanceInformation: { type: 'string', maxLength: 140 },
  },
};

/** The types every server starts with (also added to servers created before them, by migration). */
export const SEED_AUTHORIZATION_DETAILS_TYPES: ReadonlyArray<{ type: string; schema: AuthorizationDetailsSchema }> = [
  { type: 'account_information', schema: ACCOUNT_INFORMATION_SCHEMA },
  { type: 'payment_initiation', schema: PAYMENT_INITIATION_SCHEMA },
];
