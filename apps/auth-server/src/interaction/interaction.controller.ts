import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { parseAuthorizationDetails, type AuthorizationDetail } from '@ofs/oauth';
import type { Request, Response } from 'express';
import { auditOrigin } from '../audit/audit-event';
import { ClientService } from '../clients/client.service';
import { Clock } from '../common/clock';
import { PoolIdentityProvider } from '../identity/pool-identity-provider';
import type { ServerContext } from '../servers/server-context';
import { isFirstPartyClient } from '../servers/seed-servers';
import { ServerRegistry } from '../servers/server-registry.service';
import { BrowserFlowError } from './browser-flow.error';
import { BrowserFlowFilter } from './browser-flow.filter';
import { interactionCookieName, readCookie } from './browser-cookie';
import type { InteractionEntity } from './interaction.entity';
import { InteractionService, type PushedParameters } from './interaction.service';
import { detailsInWords } from '@ofs/web';
import { consentPage, loginPage, type ClientIdentity } from './pages';
import type { PushedRequestEntity } from '../par/pushed-request.entity';

/** The server's hosted login (against the server's identity pool) and built-in consent pages. */
@ApiExcludeController()
@Controller(':tenant/:server')
@UseFilters(BrowserFlowFilter)
export class InteractionController {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly interactions: InteractionService,
    private readonly clients: ClientService,
    private readonly idp: PoolIdentityProvider,
    private readonly clock: Clock,
  ) {}

  @Get('login/:id')
  async showLogin(@Param() p: RouteParams, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { server, interaction, request } = await this.load(p, req);
    if (interaction.status !== 'login') return this.next(server, interaction, interaction.status, res);
    res.setHeader('Content-Security-Policy', loginCsp(server, request.parameters as PushedParameters));
    this.html(
      res,
      200,
      loginPage({
        serverName: server.entity.name,
        client: await this.clientIdentity(server, request),
        action: req.originalUrl.split('?')[0]!,
      }),
    );
  }

  @Post('login/:id')
  async submitLogin(
    @Param() p: RouteParams,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // No form body at all (or not a form): no username, no password.
    const form: Record<string, unknown> = body && typeof body === 'object' ? body : {};
    const username = typeof form.username === 'string' ? form.username : '';
    const password = typeof form.password === 'string' ? form.password : '';
    // The user's pool record comes with the interaction (one statement).
    const lookUp = this.idp.mayLookUp(username) ? username : undefined;
    const { server, interaction, request, user: record } = await this.load(p, req, lookUp);
    if (interaction.status !== 'login') return this.next(server, interaction, interaction.status, res);
    const user = await this.idp.check(record ?? null, password);
    if (!user) {
      const known = !!record; // only real users are named in the audit trail, never what was typed
      await this.interactions.loginFailed(server, request, known ? username : null, this.clock.now(), auditOrigin(req));
      const page = loginPage({
        serverName: server.entity.name,
        client: await this.clientIdentity(server, request),
        action: req.originalUrl.split('?')[0]!,
        error: 'Invalid login or password',
        username,
      });
      res.setHeader('Content-Security-Policy', loginCsp(server, request.parameters as PushedParameters));
      return this.html(res, 401, page);
    }
    const now = this.clock.now();
    await this.interactions.loggedIn(server, interaction, request, user.sub, now, auditOrigin(req));
    if (isFirstPartyClient(server.entity.serverId, request.clientId)) {
      // The sandbox's own console or portal: signing in is all the person asked for.
      const decision = { grantedScopes: scopesOf(request.parameters as PushedParameters) };
      const by = { decidedBy: 'first_party' as const, now, origin: auditOrigin(req) };
      await this.interactions.decided(server, interaction, request, decision, by);
      return this.next(server, interaction, 'accepted', res);
    }
    await this.next(server, interaction, 'consent', res);
  }

  @Get('consent/:id')
  async showConsent(@Param() p: RouteParams, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { server, interaction, request } = await this.load(p, req);
    refuseWhenExternal(server);
    if (interaction.status !== 'consent') return this.next(server, interaction, interaction.status, res);
    const params = request.parameters as PushedParameters;
    res.setHeader('Content-Security-Policy', consentCsp(params.redirect_uri!));
    this.html(
      res,
      200,
      consentPage({
        serverName: server.entity.name,
        client: await this.clientIdentity(server, request),
        action: req.originalUrl.split('?')[0]!,
        scopes: scopesOf(params),
        authorizationDetails: detailsInWords(detailsOf(params)),
      }),
    );
  }

  @Post('consent/:id')
  async submitConsent(
    @Param() p: RouteParams,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { server, interaction, request } = await this.load(p, req);
    refuseWhenExternal(server);
    if (interaction.status !== 'consent') return this.next(server, interaction, interaction.status, res);
    const params = request.parameters as PushedParameters;
    const by = { decidedBy: 'consent_page' as const, now: this.clock.now(), origin: auditOrigin(req) };
    if (body.action === 'confirm') {
      const decision = { grantedScopes: scopesOf(params), grantedAuthorizationDetails: grantedDetailsOf(params) };
      await this.interactions.decided(server, interaction, request, decision, by);
    } else if (body.action === 'deny') {
      const decision = {
        grantedScopes: [],
        error: { error: 'access_denied', error_description: 'The user rejected the request' },
      };
      await this.interactions.decided(server, interaction, request, decision, by);
    } else {
      throw new BrowserFlowError('Choose "I Agree" or "Cancel"');
    }
    res.setHeader('Content-Security-Policy', consentCsp(params.redirect_uri!));
    await this.next(server, interaction, 'accepted', res);
  }

  /** Ends the flow once consent is decided (also where an external consent page sends the browser back). */
  @Get('oauth2/authorize/resume/:id')
  async resume(@Param() p: RouteParams, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { server, interaction, request } = await this.load(p, req);
    if (interaction.status === 'login' || interaction.status === 'consent')
      return this.next(server, interaction, interaction.status, res);
    const location = await this.interactions.complete(server, interaction, request, this.clock.now(), auditOrigin(req));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, location);
  }

  /** The server and this browser's interaction (with `username`, that user's pool record too). */
  private async load(p: RouteParams, req: Request, username?: string) {
    const server = await this.servers.resolve(p.tenant, p.server);
    const secret = readCookie(req, interactionCookieName(p.id));
    const found = await this.interactions.forBrowser(server, p.id, secret, this.clock.now(), username);
    return { server, ...found };
  }

  /** Where the flow goes from `status`; a bank with its own consent page gets the browser with a login id and state. */
  private async next(
    server: ServerContext,
    interaction: InteractionEntity,
    status: string,
    res: Response,
  ): Promise<void> {
    const consentPageUrl = server.entity.settings.consentPageUrl;
    if (status === 'consent' && consentPageUrl) {
      const target = new URL(consentPageUrl);
      target.searchParams.set('login_id', interaction.id);
      target.searchParams.set('login_state', await this.interactions.handOff(interaction));
      res.setHeader('Cache-Control', 'no-store');
      return res.redirect(303, target.href);
    }
    const id = interaction.id;
    const base = `/${server.entity.tenant}/${server.entity.serverId}`;
    const target =
      status === 'login'
        ? `${base}/login/${id}`
        : status === 'consent'
          ? `${base}/consent/${id}`
          : `${base}/oauth2/authorize/resume/${id}`;
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, target);
  }

  private html(res: Response, status: number, page: string): void {
    res.status(status).setHeader('Cache-Control', 'no-store');
    res.type('html').send(page);
  }

  private async clientIdentity(server: ServerContext, request: PushedRequestEntity): Promise<ClientIdentity> {
    const client = await this.clients.findForServer(server.entity.id, request.clientId);
    const name = client?.metadata.client_name;
    return {
      clientName: typeof name === 'string' && name ? name : request.clientId,
      clientId: request.clientId,
      redirectHost: new URL((request.parameters as PushedParameters).redirect_uri!).host,
      selfRegistered: client ? client.registrationAccessTokenHash !== null && !client.system : false,
    };
  }
}

interface RouteParams {
  tenant: string;
  server: string;
  id: string;
}

function scopesOf(params: PushedParameters): string[] {
  return (params.scope ?? '').split(' ').filter(Boolean);
}

/** Validated at PAR (PAR-23). */
function detailsOf(params: PushedParameters): AuthorizationDetail[] {
  return params.authorization_details ? parseAuthorizationDetails(params.authorization_details) : [];
}

/** Browsers apply form-action to the redirects after a form post: allow the client's verified redirect origin. */
function consentCsp(redirectUri: string): string {
  return `default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self' ${new URL(redirectUri).origin}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`;
}

/** What the user granted on the built-in page: the requested authorization_details, or none. */
function grantedDetailsOf(params: PushedParameters): AuthorizationDetail[] | undefined {
  const details = detailsOf(params);
  return details.length ? details : undefined;
}

/** A bank with its own consent page decides there; the built-in page must not be a way around it. */
function refuseWhenExternal(server: ServerContext): void {
  if (server.entity.settings.consentPageUrl) throw new BrowserFlowError('This bank asks for consent on its own page');
}

/** The login form's POST redirects to the bank's consent page when it has one (form-action covers redirects). */
/**
 * Browsers apply form-action to the redirects after a form post: signing in leads to the bank's consent page, or
 * (for the sandbox's own first-party clients, which skip consent) straight back to the client's verified redirect URI.
 */
function loginCsp(server: ServerContext, params: PushedParameters): string {
  const origins = [server.entity.settings.consentPageUrl, params.redirect_uri]
    .filter((url): url is string => typeof url === 'string' && url !== '')
    .map((url) => ` ${new URL(url).origin}`)
    .join('');
  return `default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self'${origins}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`;
}
