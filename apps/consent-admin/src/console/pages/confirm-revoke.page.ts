import type { ConsentDto } from '@ofs/consent-store';
import { html, type SafeHtml } from '@ofs/web';
import { bankName, type BankId } from '../../config/consent-admin.config';
import { consentLink } from './console-layout';

export function confirmRevokePage(c: ConsentDto, csrfToken: string): SafeHtml {
  return html`<div class="card" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
    <h1 id="confirm-title">Revoke this consent?</h1>
    <p id="confirm-text">
      ${c.client_name} loses access to ${c.account_ids.length ? `accounts ${c.account_ids.join(', ')}` : 'the consent'}
      of ${c.subject} at ${bankName(c.bank as BankId)} at once: every token issued under this consent stops working.
      This cannot be undone.
    </p>
    <form method="post" action="${consentLink(c, '/revoke')}">
      <input type="hidden" name="_csrf" value="${csrfToken}" />
      <div class="actions">
        <button type="submit" class="danger" id="confirm-revoke">Revoke</button>
        <a class="button secondary" id="cancel" href="${consentLink(c)}">Cancel</a>
      </div>
    </form>
  </div>`;
}
