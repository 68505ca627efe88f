import { Injectable } from '@nestjs/common';
import { IdentityRecordRepository } from '../identity-pools/identity-record.repository';
import type { IdentityRecordEntity } from '../identity-pools/identity-record.entity';
import { PasswordHasher } from '../identity-pools/password-hash';
import type { ServerContext } from '../servers/server-context';

/** OIDC Core §5.1 claims of a pool user: `sub` (its username) and the profile and email claims it has. */
export interface IdentityClaims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
}

const MAX_USERNAME = 256;
const MAX_PASSWORD = 1024;

/**
 * The hosted login's users: records of the identity pool the server's settings name (`identityPool`, in the
 * server's tenant) with a `username` and a password. The bank servers use `obgeneric-customers` (`user`), the
 * admin server `obgeneric-staff` (`admin`). A user's `sub` is its username, which the banks' data is keyed by.
 */
@Injectable()
export class PoolIdentityProvider {
  constructor(
    private readonly records: IdentityRecordRepository,
    private readonly hasher: PasswordHasher,
  ) {}

  /** The user's claims when the password is right: scrypt off the event loop, the same work for unknown users. */
  async authenticate(server: ServerContext, username: string, password: string): Promise<IdentityClaims | null> {
    return this.check(this.mayLookUp(username) ? await this.find(server, username) : null, password);
  }

  /** The same check, for a record the caller has just read (null: no user of that name), e.g. with its login. */
  async check(record: IdentityRecordEntity | null, password: string): Promise<IdentityClaims | null> {
    const matches = await this.hasher.verify(password.slice(0, MAX_PASSWORD), record?.passwordHash ?? null);
    return matches && record && password.length <= MAX_PASSWORD ? identityClaimsOf(record) : null;
  }

  /** Whether a typed username is worth a lookup (empty and oversized ones match no one). */
  mayLookUp(username: string): boolean {
    return !!username && username.length <= MAX_USERNAME;
  }

  async claimsOf(server: ServerContext, subject: string): Promise<IdentityClaims | null> {
    const record = await this.find(server, subject);
    return record ? identityClaimsOf(record) : null;
  }

  private find(server: ServerContext, username: string): Promise<IdentityRecordEntity | null> {
    return this.records.findByUsername(server.entity.tenant, server.entity.settings.identityPool, username);
  }
}

/** The claims of a pool record (its username and attributes). */
export function identityClaimsOf(record: Pick<IdentityRecordEntity, 'username' | 'attributes'>): IdentityClaims {
  const a = record.attributes;
  const claims: IdentityClaims = { sub: record.username! };
  for (const name of ['email', 'name', 'given_name', 'family_name'] as const)
    if (typeof a[name] === 'string') claims[name] = a[name];
  if (typeof a.email_verified === 'boolean') claims.email_verified = a.email_verified;
  return claims;
}
