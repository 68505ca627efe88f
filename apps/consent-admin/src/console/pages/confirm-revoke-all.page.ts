import { html, type SafeHtml } from '@ofs/web';
import { bankName, type BankId } from '../../config/consent-admin.config';

export function confirmRevokeAllPage(input: {
  bank: BankId;
  clientId: string;
  clientName: string;
  count: number;
  more: boolean;
  csrfToken: string;
}): SafeHtml {
  const { bank, clientId, clientName, count } = input;
  const action = `/tpps/${encodeURIComponent(bank)}/${encodeURIComponent(clientId)}/revoke`;
  if (!count) {
    return html`<div class="card">
      <h1>Nothing to revoke</h1>
      <p>${clientName} (<code>${clientId}</code>) holds no authorized consent at ${bankName(bank)}.</p>
      <p><a href="/consents?bank=${bank}&amp;client_id=${encodeURIComponent(clientId)}">Its consents</a></p>
    </div>`;
  }
  return html`<div class="card" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
    <h1 id="confirm-title">Revoke every consent of ${clientName}?</h1>
    <p id="confirm-text">
      ${input.more ? `More than ${count}` : count} authorized ${count === 1 && !input.more ? 'consent' : 'consents'} of
      ${clientName} (<code>${clientId}</code>) at ${bankName(bank)} will be revoked, for every customer, and their
      tokens stop working. This cannot be undone.
    </p>
    <form method="post" action="${action}">
      <input type="hidden" name="_csrf" value="${input.csrfToken}" />
      <div class="actions">
        <button type="submit" class="danger" id="confirm-revoke-all">Revoke all</button>
        <a class="button secondary" id="cancel" href="/consents?bank=${bank}&amp;client_id=${encodeURIComponent(clientId)}"
          >Cancel</a
        >
      </div>
    </form>
  </div>`;
}
