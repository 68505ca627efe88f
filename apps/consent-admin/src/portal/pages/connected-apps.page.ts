import type { ConsentDto } from '@ofs/consent-store';
import { html, type SafeHtml } from '@ofs/web';
import { bankName } from '../../config/consent-admin.config';
import { accountList, flashAlert, permissionsInWords, statusBadge, when } from '../../pages/consent-parts';
import type { Flash } from '../../pages/flash';
import type { Customer } from './portal-layout';

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
