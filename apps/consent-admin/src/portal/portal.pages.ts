import type { ConsentDto } from '@ofs/consent-store';
import { html, type Brand, type SafeHtml } from '@ofs/web';
import { BANKS, bankName, type BankId } from '../config/consent-admin.config';
import { accountList, flashAlert, permissionsInWords, statusBadge, when } from '../pages/consent-parts';
import type { Flash } from '../pages/flash';

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

export function chooseBankPage(signedOut: boolean): SafeHtml {
  return html`<div class="card">
    <h1>Your connected apps</h1>
    ${signedOut ? html`<div class="alert success" role="status">You have signed out.</div>` : ''}
    <p class="sub">See which apps can use your bank accounts, and take their access away at any time.</p>
    <h2 id="choose-bank">Choose your bank</h2>
    <p>You sign in at your bank: we never see your password.</p>
    <ul class="plain" aria-labelledby="choose-bank">
      ${BANKS.map(
        (b) =>
          html`<li class="actions">
            <a class="button" id="sign-in-${b.id}" href="/auth/login?bank=${b.id}">Sign in with ${b.name}</a>
          </li>`,
      )}
    </ul>
  </div>`;
}

/** The customer's consents grouped by the app (TPP) holding them, newest first; an empty state when none. */
export function connectedAppsPage(customer: Customer, consents: ConsentDto[], more: boolean, flash?: Flash): SafeHtml {
  if (!consents.length) {
    return html`${flashAlert(flash)}
      <div class="card" id="empty-state">
        <h1>No connected accounts</h1>
        <p>You haven't connected any accounts yet at ${bankName(customer.bank)}.</p>
      </div>`;
  }
  const apps = new Map<string, ConsentDto[]>();
  for (const c of consents) apps.set(c.client_id, [...(apps.get(c.client_id) ?? []), c]);
  return html`${flashAlert(flash)}
    <h1>Your connected apps</h1>
    <p class="sub">Apps you allowed to use your accounts at ${bankName(customer.bank)}.</p>
    ${more ? html`<p class="alert info">Only your newest consents are shown.</p>` : ''}
    ${[...apps.values()].map(
      (list) => html`<section class="card application-card" aria-labelledby="app-${list[0]!.client_id}">
        <h2 id="app-${list[0]!.client_id}">${list[0]!.client_name}</h2>
        ${list.map(
          (c) => html`<article class="consent-row" id="consent-${c.id}">
            <dl>
              <dt>Status</dt>
              <dd>${statusBadge(c)}</dd>
              <dt>Accounts</dt>
              <dd>${accountList(c.account_ids)}</dd>
              <dt>Given</dt>
              <dd>${when(c.created_at)}</dd>
              ${
                c.status === 'revoked'
                  ? html`<dt>Revoked</dt>
                    <dd>${when(c.revoked_at)}</dd>`
                  : html`<dt>Last change</dt>
                    <dd>${when(c.updated_at)}</dd>`
              }
            </dl>
            <h3>What the app can do</h3>
            ${permissionsInWords(c)}
            ${
              c.status === 'authorized'
                ? html`<div class="actions">
                  <a
                    class="button danger"
                    href="/consents/${encodeURIComponent(c.id)}/revoke"
                    id="revoke-${c.id}"
                    aria-label="Revoke access of ${c.client_name} to ${c.account_ids.join(', ')}"
                    >Revoke access</a
                  >
                </div>`
                : ''
            }
          </article>`,
        )}
      </section>`,
    )}`;
}

export function confirmRevokePage(customer: Customer, c: ConsentDto, csrfToken: string): SafeHtml {
  return html`<div class="card" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
    <h1 id="confirm-title">Revoke access for ${c.client_name}?</h1>
    <p id="confirm-text" class="alert info">
      ${c.client_name} will no longer be able to use
      ${c.account_ids.length ? `your accounts ${c.account_ids.join(', ')}` : 'this consent'} at
      ${bankName(customer.bank)}. It stops at once and cannot be undone: to share again, you connect the app anew.
    </p>
    <form method="post" action="/consents/${encodeURIComponent(c.id)}/revoke">
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <div class="actions">
        <button type="submit" class="danger" id="confirm-revoke">Revoke access</button>
        <a class="button secondary" id="cancel" href="/consents">Cancel</a>
      </div>
    </form>
  </div>`;
}
