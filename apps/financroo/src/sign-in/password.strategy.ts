import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** A Financroo user as the session knows them. */
export interface FinancrooUser {
  id: string;
}

/** The demo account (CONTRACT.md "People and credentials"). */
const DEMO_USER = { username: 'test', password: 'p@ssword!' } as const;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares in constant time (hashes of equal length). */
export function checkDemoCredentials(username: string, password: string): FinancrooUser | null {
  const userOk = timingSafeEqual(digest(username), digest(DEMO_USER.username));
  const passwordOk = timingSafeEqual(digest(password), digest(DEMO_USER.password));
  return userOk && passwordOk ? { id: DEMO_USER.username } : null;
}

/**
 * passport's local strategy, as passport-local does it: `username` and `password` from the form body, then
 * `validate`. (Written here because passport-local is not a dependency; passport calls `authenticate` with
 * success/fail/error attached to the instance.)
 */
class FormPasswordStrategy {
  name = 'local';
  declare success: (user: unknown) => void;
  declare fail: (challenge?: unknown, status?: number) => void;
  declare error: (err: unknown) => void;

  constructor(
    private readonly verify: (username: string, password: string, done: (err: unknown, user?: unknown) => void) => void,
  ) {}

  authenticate(req: Request): void {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!username || !password) return this.fail({ message: 'Missing credentials' }, 400);
    this.verify(username, password, (err, user) => {
      if (err) return this.error(err);
      if (!user) return this.fail({ message: 'Invalid login or password' }, 401);
      this.success(user);
    });
  }
}

@Injectable()
export class PasswordStrategy extends PassportStrategy(FormPasswordStrategy, 'local') {
  constructor() {
    super();
  }

  validate(username: string, password: string): FinancrooUser | null {
    return checkDemoCredentials(username, password);
  }
}
