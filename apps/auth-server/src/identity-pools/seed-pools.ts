import type { AttributeSchema } from './identity-pool.entity';
import type { RecordAttributes } from './identity-record.entity';

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

/** People who sign in at a server's login page: `username` (the login name and `sub`) and OIDC profile claims. */
const PERSON_SCHEMA: AttributeSchema = {
  $schema: DRAFT,
  type: 'object',
  required: ['username'],
  properties: {
    username: { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,64}$' },
    email: { type: 'string', format: 'email' },
    email_verified: { type: 'boolean' },
    name: { type: 'string' },
    given_name: { type: 'string' },
    family_name: { type: 'string' },
  },
};

/** Hyperscale Bank's consents (CONTRACT.md, "Consent storage"): the bank writes them, consent-admin revokes them. */
const CONSENT_SCHEMA: AttributeSchema = {
  $schema: DRAFT,
  type: 'object',
  required: ['subject', 'client_id', 'status', 'created_at'],
  properties: {
    subject: { type: 'string', minLength: 1 },
    client_id: { type: 'string', minLength: 1 },
    client_name: { type: 'string' },
    status: { enum: ['authorized', 'rejected', 'revoked'] },
    granted_scopes: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    account_ids: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    authorization_details: { type: 'array', items: { type: 'object', required: ['type'] } },
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
  additionalProperties: false,
};

export interface PoolSeed {
  tenant: string;
  poolId: string;
  description: string;
  schema: AttributeSchema;
  consentsOfServer?: string;
  /** Seeded only when the pool itself is created (a record deleted later stays deleted). */
  records: Array<{ attributes: RecordAttributes; password?: string }>;
}

/** The pools a sandbox starts with (and that sandboxes initialised before them gain at their next start). */
export const POOL_SEEDS: PoolSeed[] = [
  {
    tenant: 'obgeneric',
    poolId: 'obgeneric-customers',
    description: 'Bank customers: the login of the gobank and hyperscalebank servers',
    schema: PERSON_SCHEMA,
    records: [
      {
        attributes: {
          username: 'user',
          email: 'user@example.com',
          email_verified: true,
          name: 'Joe Doe',
          given_name: 'Joe',
          family_name: 'Doe',
        },
        password: 'p@ssword!',
      },
    ],
  },
  {
    tenant: 'obgeneric',
    poolId: 'obgeneric-staff',
    description: 'Staff of the consent console: the login of the admin server',
    schema: PERSON_SCHEMA,
    records: [
      {
        attributes: {
          username: 'admin',
          email: 'admin@example.com',
          email_verified: true,
          name: 'Consent Admin',
          given_name: 'Consent',
          family_name: 'Admin',
        },
        password: 'p@ssword!',
      },
    ],
  },
  {
    tenant: 'obgeneric',
    poolId: 'hyperscalebank-consents',
    description: "Hyperscale Bank's consents (consent_id = record id); status revoked revokes their tokens",
    schema: CONSENT_SCHEMA,
    consentsOfServer: 'hyperscalebank',
    records: [],
  },
];
