// Salted scrypt (RFC 7914) password hashes in a PHC-style string; computed on libuv's thread pool, compared in constant time.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RUNTIME_CONFIG, type RuntimeConfig } from '@ofs/platform';
import type { AuthServerEnv } from '../config/auth-server.env';

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{32,})$/;

function derive(password: string, salt: Buffer, length: number, ln: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** ln, r, p, maxmem: 256 * 2 ** ln * r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `$scrypt$ln=<log2 N>,r=8,p=1$<salt>$<hash>` (base64url), with a fresh 128-bit salt. */
export async function hashPassword(password: string, log2Cost: number): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, KEY_LENGTH, log2Cost, BLOCK_SIZE, PARALLELISM);
  return `$scrypt$ln=${log2Cost},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * Whether `password` matches `stored`, at the cost the hash was made with (so hashes made before a cost change
 * keep working). Without a stored hash (unknown user, record without password) it still spends the same work on
 * `fallback`, so the answer's timing does not tell whether the user exists.
 */
export async function verifyPassword(password: string, stored: string | null, fallback: string): Promise<boolean> {
  const parsed = FORMAT.exec(stored ?? '');
  const [, ln, r, p, salt, hash] = parsed ?? FORMAT.exec(fallback)!;
  const expected = Buffer.from(hash!, 'base64url');
  const actual = await derive(password, Buffer.from(salt!, 'base64url'), expected.length, +ln!, +r!, +p!);
  return timingSafeEqual(actual, expected) && parsed !== null;
}

/** A well-formed hash of a random password: what unknown users are checked against. */
export function dummyPasswordHash(log2Cost: number): Promise<string> {
  return hashPassword(randomBytes(16).toString('base64url'), log2Cost);
}

/** Hashes and checks pool passwords at the configured cost (AUTH_SERVER_SCRYPT_LOG_N). */
@Injectable()
export class PasswordHasher {
  private readonly cost: number;
  private dummy?: Promise<string>;

  constructor(@Inject(RUNTIME_CONFIG) config: RuntimeConfig<AuthServerEnv>) {
    this.cost = config.env.AUTH_SERVER_SCRYPT_LOG_N;
  }

  hash(password: string): Promise<string> {
    return hashPassword(password, this.cost);
  }

  /** Constant work whether or not there is a stored hash (unknown user); a comparison in constant time. */
  verify(password: string, stored: string | null): Promise<boolean> {
    this.dummy ??= dummyPasswordHash(this.cost);
    return this.dummy.then((fallback) => verifyPassword(password, stored, fallback));
  }
}
