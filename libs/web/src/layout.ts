import type { Brand } from './brand';
import { html, type SafeHtml } from './html';

export interface PageInput {
  brand: Brand;
  /** The document title's first part ("Consents"); the brand's name follows. */
  title: string;
  main: SafeHtml;
  /** The header's right side: navigation, the signed-in user, sign out. */
  nav?: SafeHtml;
  /** `narrow` for single forms (sign in, consent), `wide` for lists. */
  width?: 'narrow' | 'wide';
}

/** The shared layout: skip link, branded header, one main landmark, the app's own stylesheets (no CDN). */
export function renderPage({ brand, title, main, nav, width = 'wide' }: PageInput): string {
  const tagline = brand.tagline ? html` <span class="tagline">${brand.tagline}</span>` : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${brand.name}</title>
<link rel="icon" href="/assets/logo.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/ofs.css">
<link rel="stylesheet" href="/assets/brand.css">
</head>
<body class="${width}">
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="/"><img src="/assets/logo.svg" alt="" width="32" height="32"><span>${brand.name}${tagline}</span></a>
${nav ? html`<nav aria-label="Main">${nav}</nav>` : ''}
</header>
<main id="main">
${main}
</main>
<footer>Open Finance Sandbox · demo data only</footer>
</body>
</html>`.value;
}

export interface CspOptions {
  /** Origins a form may post to or be redirected to after posting (Chrome applies form-action to redirects). */
  formActions?: readonly string[];
  /** Extra script origins; default only the app itself. */
  scripts?: readonly string[];
}

/** Content-Security-Policy of a page: nothing inline, nothing from another host. */
export function pageCsp({ formActions = [], scripts = [] }: CspOptions = {}): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self' data:",
    ['script-src', "'self'", ...scripts].join(' '),
    "connect-src 'self'",
    ['form-action', "'self'", ...formActions].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Sends a rendered page: HTML, never cached (pages show personal data), with its CSP. */
export function sendPage(
  res: { status(code: number): unknown; setHeader(name: string, value: string): unknown; send(body: string): unknown },
  status: number,
  page: string,
  csp: CspOptions = {},
): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', pageCsp(csp));
  res.status(status);
  res.send(page);
}
