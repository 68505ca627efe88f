import type { ConsentDto } from '@ofs/consent-store';
import { html, type SafeHtml } from '@ofs/web';
import { bankName } from '../../config/consent-admin.config';
import type { Customer } from './portal-layout';

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
