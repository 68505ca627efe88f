import type { ConsentDto } from '@ofs/consent-store';
import { html, type Brand, type SafeHtml } from '@ofs/web';

export const CONSOLE_BRAND: Brand = {
  name: 'Consent console',
  tagline: 'Open Finance Sandbox staff',
  accent: '#3949ab',
  logoSvg:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#3949ab"/><path d="M9 16.5l4.5 4.5L23 11" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>',
};

export interface Staff {
  sub: string;
  name?: string;
}

/** The header of a signed-in page: who is signed in, and a sign-out form (POST with the CSRF token). */
export function staffNav(staff: Staff, csrfToken: string): SafeHtml {
  return html`<a href="/consents">Consents</a>
    <span class="muted">Signed in as ${staff.name ?? staff.sub}</span>
    <form method="post" action="/auth/sign-out">
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <button type="submit" class="secondary" id="sign-out">Sign out</button>
    </form>`;
}

export function consentLink(c: Pick<ConsentDto, 'bank' | 'id'>, suffix = ''): string {
  return `/consents/${encodeURIComponent(c.bank)}/${encodeURIComponent(c.id)}${suffix}`;
}
