import { html, type Brand, type SafeHtml } from '@ofs/web';
import { bankName, type BankId } from '../../config/consent-admin.config';

export const PORTAL_BRAND: Brand = {
  name: 'My connected apps',
  tagline: 'Open Finance Sandbox',
  accent: '#00695c',
  logoSvg:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#00695c"/><path d="M16 7l8 3.5v5.5c0 4.5-3.4 8.3-8 9.5-4.6-1.2-8-5-8-9.5v-5.5z" fill="#fff"/></svg>',
};

/** Who is signed in to the portal: a customer of one bank. */
export interface Customer {
  bank: BankId;
  sub: string;
  name?: string;
}

export function customerNav(customer: Customer, csrfToken: string): SafeHtml {
  return html`<span class="muted">${customer.name ?? customer.sub} at ${bankName(customer.bank)}</span>
    <form method="post" action="/auth/sign-out">
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <button type="submit" class="secondary" id="sign-out">Sign out</button>
    </form>`;
}
