import { createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';

export interface IdentityClaims {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  given_name: string;
  family_name: string;
}

interface MockUser {
  username: string;
  passwordHash: Buffer;
  claims: IdentityClaims;
}

/*
 * The demo users' passwords are public (README, CONTRACT.md), so a slow password hash protects nothing here and
 * would block the event loop on every login (scrypt took ~42 ms a login in `npm run bench`). A digest still lets
 * the comparison run in constant time. A real identity pool must use a slow KDF, asynchronously.
 */
const hash = (password: string): Buffer => createHash('sha256').update(`ofs-mock-idp:${password}`).digest();

/** The sandbox's mock identity provider: the bank customer `user` / `p@ssword!` (CONTRACT.md). */
@Injectable()
export class MockIdentityProvider {
  private readonly users: MockUser[] = [
    {
      username: 'user',
      passwordHash: hash('p@ssword!'),
      claims: {
        sub: 'user',
        email: 'user@example.com',
        email_verified: true,
        name: 'Joe Doe',
        given_name: 'Joe',
        family_name: 'Doe',
      },
    },
  ];

  /** The user's claims when the password is right; comparison in constant time, unknown users included. */
  authenticate(username: string, password: string): IdentityClaims | null {
    const given = hash(password);
    let found: IdentityClaims | null = null;
    for (const user of this.users) {
      if (timingSafeEqual(user.passwordHash, given) && user.username === username) found = user.claims;
    }
    return found;
  }

  claimsOf(subject: string): IdentityClaims | null {
    return this.users.find((u) => u.claims.sub === subject)?.claims ?? null;
  }
}
