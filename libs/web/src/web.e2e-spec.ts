import { Body, Controller, Get, HttpCode, Module, Post, Req, Res } from '@nestjs/common';
import { PlatformEnv, type SandboxAppDefinition } from '@ofs/platform';
import type { Request, Response } from 'express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../../test/support/test-app';
import { html } from './html';
import { renderPage, sendPage } from './layout';
import { PageError } from './page.error';
import { WebSessionEntity } from './session/web-session.entity';
import { WebSessions1796300000000 } from './session/web-sessions.migration';
import { WebSessions } from './session/web-sessions.service';
import { WebModule } from './web.module';

const brand = {
  name: 'Test Bank',
  tagline: 'Console',
  accent: '#0b6e4f',
  logoSvg: '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

@Controller()
class PagesController {
  constructor(private readonly sessions: WebSessions) {}

  @Get('hello')
  hello(@Req() req: Request, @Res() res: Response): void {
    const name = String(req.query.name ?? 'world');
    sendPage(res, 200, renderPage({ brand, title: 'Hello', main: html`<h1>Hello ${name}</h1>` }));
  }

  @Post('sign-in')
  @HttpCode(204)
  async signIn(@Body() body: { user: string }, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.sessions.start(req, res, { user: body.user });
  }

  @Post('start-sign-in')
  @HttpCode(204)
  async startSignIn(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.sessions.start(req, res, { pending: true }, { ttlSeconds: 600 });
  }

  @Get('me')
  async me(@Req() req: Request) {
    const session = await this.sessions.current(req);
    return { user: session?.data.user ?? null, csrf: session?.csrfToken ?? null };
  }

  @Post('change')
  @HttpCode(204)
  async change(@Body() body: { colour: string }, @Req() req: Request) {
    await this.sessions.verifyCsrf(req);
    await this.sessions.update(req, { colour: body.colour });
  }

  @Post('sign-out')
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    await this.sessions.verifyCsrf(req);
    await this.sessions.end(req, res);
  }

  @Get('broken')
  broken(): never {
    throw new Error('database password is hunter2');
  }

  @Get('expired-link')
  expired(): never {
    throw new PageError(410, 'Link expired', 'This link is no longer valid.');
  }

  @Get('api/thing')
  apiThing(): never {
    throw new PageError(404, 'x', 'y');
  }
}

function appWith(cookieName: string): SandboxAppDefinition<PlatformEnv> {
  @Module({
    imports: [WebModule.forRoot({ brand, session: { cookieName }, apiPrefixes: ['/api/'] })],
    controllers: [PagesController],
  })
  class PagesModule {}
  return {
    name: 'consent-admin',
    schema: 'web_lib',
    envClass: PlatformEnv,
    database: { entities: [WebSessionEntity], migrations: [WebSessions1796300000000] },
    listeners: () => [{ name: 'pages', title: 'pages', description: 'pages', port: 1, module: PagesModule }],
  };
}

// libs/web: the pages' shared layout, assets, error pages and PostgreSQL sessions with CSRF tokens.
describe('libs/web on a real listener', () => {
  let t: TestApp<PlatformEnv>;
  const http = () => request(t.apps.pages!.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp(appWith('__Host-test-console'));
  });
  afterAll(() => t?.close());

  const cookieOf = (res: request.Response) => String(res.headers['set-cookie']).split(';')[0]!;

  it('renders pages with escaped values, the shared layout, no-store and a strict CSP', async () => {
    const res = await http().get('/hello').query({ name: '<img src=x onerror=alert(1)>' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Hello &lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(res.text).toContain('<a class="skip" href="#main">Skip to content</a>');
    expect(res.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  it('serves its stylesheets and logo itself', async () => {
    const css = await http().get('/assets/ofs.css');
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
    expect((await http().get('/assets/brand.css')).text).toBe(':root{--accent:#0b6e4f}\n');
    const logo = await http().get('/assets/logo.svg');
    expect([logo.status, logo.headers['content-type']]).toEqual([200, 'image/svg+xml; charset=utf-8']);
  });

  it('error pages: a clear message, never internals; a 5xx shows its reference; unknown pages 404', async () => {
    const broken = await http().get('/broken').set('X-Request-Id', 'req-123');
    expect(broken.status).toBe(500);
    expect(broken.text).toContain('Something went wrong');
    expect(broken.text).not.toContain('hunter2');
    expect(broken.text).toMatch(/Reference: <code>[^<]+<\/code>/);
    const expired = await http().get('/expired-link');
    expect([expired.status, expired.headers['content-type']]).toEqual([410, 'text/html; charset=utf-8']);
    expect(expired.text).toContain('This link is no longer valid.');
    const missing = await http().get('/nowhere');
    expect([missing.status, missing.text.includes('Page not found')]).toEqual([404, true]);
  });

  it('API paths keep the JSON problem shape', async () => {
    const res = await http().get('/api/thing');
    expect([res.status, res.headers['content-type']]).toEqual([404, 'application/problem+json; charset=utf-8']);
  });

  it('a session: HttpOnly, Secure, SameSite cookie; only a hash in the database; CSRF token required to change it', async () => {
    const signIn = await http().post('/sign-in').send({ user: 'admin' });
    expect(signIn.status).toBe(204);
    expect(String(signIn.headers['set-cookie'])).toMatch(
      /^__Host-test-console=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=28800; HttpOnly; Secure; SameSite=Lax$/,
    );
    const cookie = cookieOf(signIn);
    const me = await http().get('/me').set('Cookie', cookie);
    expect(me.body.user).toBe('admin');
    const rows: Array<{ id_hash: string }> = await t.apps
      .pages!.get(DataSource)
      .query('SELECT id_hash FROM web_session');
    expect(rows.map((r) => r.id_hash)).not.toContain(cookie.split('=')[1]);

    const forged = await http()
      .post('/change')
      .set('Cookie', cookie)
      .send({ colour: 'red', _csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('This form has expired');
    const noSession = await http().post('/change').send({ colour: 'red', _csrf: me.body.csrf });
    expect(noSession.status).toBe(403);
    const ok = await http()
      .post('/change')
      .set('Cookie', cookie)
      .type('form')
      .send({ colour: 'red', _csrf: me.body.csrf });
    expect(ok.status).toBe(204);
    const viaHeader = await http()
      .post('/change')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', me.body.csrf)
      .send({ colour: 'blue' });
    expect(viaHeader.status).toBe(204);
  });

  it('a session started with a short lifetime keeps it: its visits extend it by that much, not by the 8 hours', async () => {
    const started = await http().post('/start-sign-in');
    expect(String(started.headers['set-cookie'])).toMatch(/; Max-Age=600; HttpOnly; Secure; SameSite=Lax$/);
    const cookie = cookieOf(started);
    const me = await http().get('/me').set('Cookie', cookie);
    expect(me.body.csrf).toMatch(/./);
    const lifetimeLeft = async (): Promise<number> => {
      const [row]: Array<{ left: number }> = await t.apps
        .pages!.get(DataSource)
        .query(
          `SELECT EXTRACT(EPOCH FROM expires_at - now())::int AS left FROM web_session WHERE data->>'pending' = 'true'`,
        );
      return row!.left;
    };
    // Visited once a minute or more after the start, it would be touched: by its own 600 s at most.
    await t.apps
      .pages!.get(DataSource)
      .query(`UPDATE web_session SET expires_at = now() + interval '300 seconds' WHERE data->>'pending' = 'true'`);
    await http().post('/change').set('Cookie', cookie).send({ colour: 'red', _csrf: me.body.csrf });
    expect(await lifetimeLeft()).toBeLessThanOrEqual(600);
    expect(await lifetimeLeft()).toBeGreaterThan(300);
    // Signing in replaces it with an ordinary session.
    const signIn = await http().post('/sign-in').set('Cookie', cookie).send({ user: 'admin' });
    expect(String(signIn.headers['set-cookie'])).toContain('Max-Age=28800');
  });

  it('signing in again replaces the session (fixation); signing out ends it for good', async () => {
    const first = cookieOf(await http().post('/sign-in').send({ user: 'a' }));
    const second = cookieOf(await http().post('/sign-in').set('Cookie', first).send({ user: 'b' }));
    expect((await http().get('/me').set('Cookie', first)).body.user).toBeNull();
    const { csrf } = (await http().get('/me').set('Cookie', second)).body;
    const out = await http().post('/sign-out').set('Cookie', second).send({ _csrf: csrf });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^__Host-test-console=; Path=\/; Max-Age=0;/);
    expect((await http().get('/me').set('Cookie', second)).body.user).toBeNull();
  });

  it('bad cookies are no session, never an error', async () => {
    for (const cookie of [
      '__Host-test-console=%E0%A4%A',
      '__Host-test-console=',
      '__Host-test-console=a;__Host-test-console=b',
    ]) {
      const res = await http().get('/me').set('Cookie', cookie);
      expect([res.status, res.body.user]).toEqual([200, null]);
    }
  });

  it('a session survives a restart of the app, and is not valid at another listener (realm)', async () => {
    const cookie = cookieOf(await http().post('/sign-in').send({ user: 'kept' }));
    const schema = t.config.database.schema;
    const again = await startTestApp(appWith('__Host-test-console'), {}, { schema });
    const other = await startTestApp(appWith('__Host-test-portal'), {}, { schema });
    try {
      expect((await request(again.apps.pages!.getHttpServer()).get('/me').set('Cookie', cookie)).body.user).toBe(
        'kept',
      );
      const portalCookie = cookie.replace('__Host-test-console', '__Host-test-portal');
      expect(
        (await request(other.apps.pages!.getHttpServer()).get('/me').set('Cookie', portalCookie)).body.user,
      ).toBeNull();
    } finally {
      await again.close();
      await other.close();
    }
  });
});
