import { html, renderPage, sendPage, type SafeHtml } from '@ofs/web';
import type { Response } from 'express';
import { FINANCROO_BRAND } from './financroo-brand';

export interface FinancrooPage {
  title: string;
  main: SafeHtml;
  /** The signed-in user and their session's CSRF token (the sign-out form); none on the sign-in page. */
  user?: { id: string; csrfToken: string };
  /** Which tab is current. */
  tab?: 'accounts' | 'insights';
  width?: 'narrow' | 'wide';
}

/** Origins a page's forms may end up at: the banks' authorization servers (Chrome applies form-action to redirects). */
export function sendFinancrooPage(
  res: Response,
  status: number,
  page: FinancrooPage,
  formActions: readonly string[] = [],
): void {
  const nav = page.user
    ? html`<span class="muted">Signed in as ${page.user.id}</span>
        <form method="post" action="/logout"><input type="hidden" name="_csrf" value="${page.user.csrfToken}"><button class="secondary" type="submit" id="logout-button">Sign out</button></form>`
    : undefined;
  const main = html`<link rel="stylesheet" href="/financroo.css">
${page.tab ? tabs(page.tab) : ''}
${page.main}`;
  sendPage(res, status, renderPage({ brand: FINANCROO_BRAND, title: page.title, main, nav, width: page.width }), {
    formActions,
  });
}

function tabs(current: 'accounts' | 'insights'): SafeHtml {
  return html`<nav class="tabs" aria-label="Sections">
  <a id="accounts-tab" href="/" ${current === 'accounts' ? html`aria-current="page"` : ''}>Accounts</a>
  <a id="insights-tab" href="/insights" ${current === 'insights' ? html`aria-current="page"` : ''}>Insights</a>
</nav>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
