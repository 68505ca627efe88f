import { html, type SafeHtml } from '@ofs/web';
import { csrfField, type FinancrooPage } from '../http/financroo-layout';
import type { BankCard } from './bank-data.service';
import { money } from './money';

type User = { id: string; csrfToken: string };

/** No bank connected yet (CONTRACT.md: Financroo welcome). */
export function welcomePage(user: User): FinancrooPage {
  return {
    title: 'Welcome',
    user,
    tab: 'accounts',
    main: html`<div class="card welcome">
  <h1 id="financroo-welcome-title">Welcome to Financroo Smart Banking</h1>
  <p id="financroo-welcome-subtitle">Connect your bank, bills and credit cards to uncover insights that can improve your financial well being</p>
  <a class="button" id="access-bank-button" href="/connect">Connect your bank</a>
</div>`,
  };
}

/** The accounts of every connected bank, their total, and a card per bank. */
export function dashboardPage(input: {
  user: User;
  cards: BankCard[];
  totals: Array<{ currency: string; cents: number }>;
  connected?: string;
}): FinancrooPage {
  const accounts = input.cards.reduce((n, c) => n + (c.state === 'ok' ? c.accounts.length : 0), 0);
  const justConnected = input.cards.find((c) => c.bankId === input.connected);
  return {
    title: 'Accounts',
    user: input.user,
    tab: 'accounts',
    main: html`${justConnected ? html`<p class="alert success" role="status">${justConnected.bankName} is connected.</p>` : ''}
<div class="dashboard">
  <section aria-labelledby="all-accounts">
    <div class="card">
      <h2 id="all-accounts">All accounts</h2>
      <p class="muted">Total balance</p>
      <p class="total" id="total-balance">${input.totals.length ? input.totals.map((t, i) => html`${i ? html`<br>` : ''}${money(t.cents, t.currency)}`) : money(0, 'AUD')}</p>
      <p class="muted" id="all-accounts-synced">${accounts} ${accounts === 1 ? 'account' : 'accounts'} synced</p>
    </div>
    ${input.cards.map((card) => bankCard(card, input.user.csrfToken))}
    <a class="button" id="connect-bank" href="/connect">Connect your bank</a>
  </section>
  <section class="card" aria-labelledby="accounts-heading">
    <h2 id="accounts-heading">Your spending</h2>
    <p>See where your money goes, by month and by category, and search your transactions.</p>
    <a class="button secondary" href="/insights">Open insights</a>
  </section>
</div>`,
  };
}

function bankCard(card: BankCard, csrfToken: string): SafeHtml {
  const heading = `bank-card-${card.bankId}-title`;
  let body: SafeHtml;
  let action: SafeHtml;
  if (card.state === 'ok') {
    const n = card.accounts.length;
    body = html`<p class="muted" id="accounts-synced-number">${n} ${n === 1 ? 'account' : 'accounts'} synced</p>
      <ul class="plain">
        ${card.accounts.map(
          (a) => html`<li class="account-row" id="account-id-${a.accountId}">
          <span><span class="account-name">${a.name}</span><span class="account-number">${a.maskedNumber}</span></span>
          ${money(a.balanceCents, a.currency)}
        </li>`,
        )}
      </ul>`;
    action = html`<form method="post" action="/banks/${card.bankId}/disconnect">${csrfField(csrfToken)}<button type="submit" class="secondary" id="access-bank-button">disconnect</button></form>`;
  } else if (card.state === 'reconnect') {
    body = html`<p class="alert info" role="status">Financroo's access to ${card.bankName} has ended: ${card.reason}. Reconnect to see these accounts again.</p>`;
    // Reconnect, or remove the card for good (the access has ended: nothing is revoked).
    action = html`<span class="card-actions"><form method="post" action="/connect">${csrfField(csrfToken)}<input type="hidden" name="bank" value="${card.bankId}"><button type="submit" id="access-bank-button">reconnect</button></form><form method="post" action="/banks/${card.bankId}/disconnect">${csrfField(csrfToken)}<button type="submit" class="secondary" id="remove-bank-button-${card.bankId}">remove</button></form></span>`;
  } else {
    body = html`<p class="alert error" role="alert">${card.reason}</p>`;
    action = html`<form method="post" action="/banks/${card.bankId}/disconnect">${csrfField(csrfToken)}<button type="submit" class="secondary" id="access-bank-button">disconnect</button></form>`;
  }
  return html`<article class="card bank-card" id="bank-card-${card.bankId}" data-bank="${card.bankId}" data-state="${card.state}" aria-labelledby="${heading}">
  <header><h2 id="${heading}">${card.bankName}</h2>${action}</header>
  ${body}
</article>`;
}
