import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { readCookie } from '../cookies';
import { PageError } from '../page.error';
import { WebSessionStore, type StoredSession } from './web-session.store';

export interface WebSessionOptions {
  /** Cookie name, unique per listener: browsers share cookies across the ports of one host. */
  cookieName: string;
  /** Sessions of one listener are not valid at another (default: the cookie name). */
  realm?: string;
  /** Idle lifetime; every visit extends it. Default 8 hours. */
  ttlSeconds?: number;
}

export const WEB_SESSION_OPTIONS = Symbol('WEB_SESSION_OPTIONS');

/** A visitor's session: its data, and the CSRF token its forms carry. */
export interface WebSession {
  readonly data: Readonly<Record<string, unknown>>;
  readonly csrfToken: string;
}

const CURRENT = Symbol('webSession');
/** A session started with a lifetime of its own keeps it here (its visits extend it by that much). */
const LIFETIME = '#ttl';
type WithSession = Request & { [CURRENT]?: Promise<StoredSession | null> };

/** Server-side sessions in PostgreSQL (HttpOnly, Secure, SameSite=Lax cookie holding a random id). */
@Injectable()
export class WebSessions implements OnModuleInit, OnModuleDestroy {
  private readonly store: WebSessionStore;
  private readonly realm: string;
  private readonly ttlSec: number;
  private sweeper?: NodeJS.Timeout;

  constructor(
    db: DataSource,
    @Inject(WEB_SESSION_OPTIONS) private readonly options: WebSessionOptions,
  ) {
    this.store = new WebSessionStore(db);
    this.realm = options.realm ?? options.cookieName;
    this.ttlSec = options.ttlSeconds ?? 8 * 3600;
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.store.sweepExpired().catch(() => undefined), 10 * 60_000).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /** The request's session, or null (read once per request). */
  current(req: Request): Promise<WebSession | null> {
    const r = req as WithSession;
    r[CURRENT] ??= this.load(req);
    return r[CURRENT];
  }

  /**
   * A new session (after sign-in, or for an anonymous form): any previous one ends, against session fixation.
   * `ttlSeconds` gives it a shorter idle lifetime than the listener's, e.g. to a sign-in under way: a link anyone
   * can follow then leaves no long-lived row behind.
   */
  async start(
    req: Request,
    res: Response,
    data: Record<string, unknown>,
    options: { ttlSeconds?: number } = {},
  ): Promise<WebSession> {
    const previous = await this.current(req);
    if (previous) await this.store.destroy(previous as StoredSession);
    const ttl = Math.min(options.ttlSeconds ?? this.ttlSec, this.ttlSec);
    const stored = ttl === this.ttlSec ? data : { ...data, [LIFETIME]: ttl };
    const [token, session] = await this.store.create(this.realm, stored, ttl);
    this.setCookie(res, token, ttl);
    (req as WithSession)[CURRENT] = Promise.resolve(session);
    return session;
  }

  /** Replaces the session's data (merged with `patch`). */
  async update(req: Request, patch: Record<string, unknown>): Promise<WebSession> {
    const session = (await this.current(req)) as StoredSession | null;
    if (!session) throw new PageError(401, 'Session expired', 'Your session has ended. Please start again.');
    session.data = { ...session.data, ...patch };
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete session.data[key];
    await this.store.save(session, this.lifetimeOf(session));
    return session;
  }

  async end(req: Request, res: Response): Promise<void> {
    const session = (await this.current(req)) as StoredSession | null;
    if (session) await this.store.destroy(session);
    (req as WithSession)[CURRENT] = Promise.resolve(null);
    this.setCookie(res, '', 0);
  }

  /**
   * OWASP CSRF synchronizer token: a state-changing form carries the session's token (`_csrf` field or
   * `X-CSRF-Token` header); without a session or with another token it is refused (403).
   */
  async verifyCsrf(req: Request): Promise<WebSession> {
    const session = await this.current(req);
    const body = req.body as Record<string, unknown> | undefined;
    const given = typeof body?._csrf === 'string' ? body._csrf : req.get('x-csrf-token');
    const expected = session ? Buffer.from(session.csrfToken) : undefined;
    const actual = Buffer.from(given ?? '');
    if (!session || !expected || expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw new PageError(
        403,
        'This form has expired',
        'The page you sent the form from is out of date or your session ended. Go back, reload and try again.',
        session ? 'CSRF token mismatch' : 'no session',
      );
    }
    return session;
  }

  private async load(req: Request): Promise<StoredSession | null> {
    const token = readCookie(req, this.options.cookieName);
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const session = await this.store.find(this.realm, token);
    // Sliding expiry (by the session's own lifetime), written at most once a minute per session.
    if (session && session.expiresAt.getTime() - Date.now() < this.lifetimeOf(session) * 1000 - 60_000)
      await this.store.touch(session, this.lifetimeOf(session));
    return session;
  }

  private lifetimeOf(session: StoredSession): number {
    const own = session.data[LIFETIME];
    return typeof own === 'number' && own > 0 && own < this.ttlSec ? own : this.ttlSec;
  }

  private setCookie(res: Response, token: string, maxAgeSec: number): void {
    res.append(
      'Set-Cookie',
      `${this.options.cookieName}=${token}; Path=/; Max-Age=${maxAgeSec}; HttpOnly; Secure; SameSite=Lax`,
    );
  }
}
