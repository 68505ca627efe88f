import { merchantCategoryName } from '@ofs/cdr';
import { html, trusted, type SafeHtml } from '@ofs/web';
import type { BankCard, TransactionRow } from '../dashboard/bank-data.service';
import { money } from '../dashboard/money';
import type { FinancrooPage } from '../http/financroo-layout';
import { accountKey, type InsightsFilter } from './spending';
import { barChart, type ChartBar } from './svg-charts';

export function insightsPage(input: {
  user: { id: string; csrfToken: string };
  cards: BankCard[];
  filter: InsightsFilter;
  byMonth: ChartBar[];
  byCategory: ChartBar[];
  currency: string;
  rows: TransactionRow[];
  matching: number;
  page: number;
  pages: number;
}): FinancrooPage {
  const accounts = input.cards.flatMap((c) =>
    c.state === 'ok' ? c.accounts.map((a) => ({ ...a, bankName: c.bankName })) : [],
  );
  const problems = input.cards.flatMap((c) => (c.state === 'ok' ? [] : [c]));
  const link = (page: number) => {
    const q = new URLSearchParams();
    if (input.filter.account) q.set('account', input.filter.account);
    if (input.filter.text) q.set('text', input.filter.text);
    q.set('page', String(page));
    return `/insights?${q.toString()}`;
  };
  return {
    title: 'Insights',
    user: input.user,
    tab: 'insights',
    main: html`${problems.map((c) => html`<p class="alert ${c.state === 'reconnect' ? 'info' : 'error'}" role="status">${c.bankName}: ${c.reason}</p>`)}
<form class="card filters" method="get" action="/insights" role="search">
  <div><label for="account">Account</label>
    <select id="account" name="account">
      <option value="">All accounts</option>
      ${accounts.map((a) => {
        const key = accountKey(a.bankId, a.accountId);
        return html`<option value="${key}" ${input.filter.account === key ? html`selected` : ''}>${a.bankName} · ${a.name} (${a.maskedNumber})</option>`;
      })}
    </select></div>
  <div><label for="text">Search</label><input type="search" id="text" name="text" value="${input.filter.text ?? ''}" placeholder="e.g. groceries"></div>
  <div><button type="submit" id="filter-button">Show</button></div>
</form>
<div class="charts">
  <section class="card chart" aria-labelledby="by-month-title"><h2 id="by-month-title">Spending by month</h2>
    ${barChart({ id: 'spending-by-month', title: 'Spending by month', bars: input.byMonth, currency: input.currency, orientation: 'vertical' })}</section>
  <section class="card chart" aria-labelledby="by-category-title"><h2 id="by-category-title">Spending by category</h2>
    ${barChart({ id: 'spending-by-category', title: 'Spending by category', bars: input.byCategory, currency: input.currency, orientation: 'horizontal' })}</section>
</div>
<script type="application/json" id="chart-data">${chartData(input)}</script>
<script src="/assets/chart.umd.min.js" defer></script>
<script src="/assets/insights.js" defer></script>
<section class="card" aria-labelledby="transactions-title">
  <h2 id="transactions-title">Transactions</h2>
  <p class="muted" id="transactions-count">${input.matching} ${input.matching === 1 ? 'transaction' : 'transactions'}</p>
  <table class="stack" id="transactions">
    <thead><tr><th scope="col">Transaction date</th><th scope="col">Account information</th><th scope="col">Payee</th><th scope="col">Category</th><th scope="col">Amount</th></tr></thead>
    <tbody>
      ${input.rows.map(
        (t) => html`<tr data-transaction-id="${t.transactionId}">
        <td data-label="Transaction date">${t.date.slice(0, 10)}</td>
        <td data-label="Account information">${t.bankName} · ${t.accountName}</td>
        <td data-label="Payee">${t.merchantName ?? t.description}${t.merchantName && t.description && t.description !== t.merchantName ? html`<br><span class="muted">${t.description}</span>` : ''}</td>
        <td data-label="Category">${merchantCategoryName(t.merchantCategoryCode)}</td>
        <td data-label="Amount">${money(t.amountCents, t.currency)}</td>
      </tr>`,
      )}
    </tbody>
  </table>
  ${
    input.pages > 1
      ? html`<nav class="pager" aria-label="Pages">
    ${input.page > 1 ? html`<a href="${link(input.page - 1)}" rel="prev">Previous</a>` : html`<span></span>`}
    <span>Page ${input.page} of ${input.pages}</span>
    ${input.page < input.pages ? html`<a href="${link(input.page + 1)}" rel="next">Next</a>` : html`<span></span>`}
  </nav>`
      : ''
  }
</section>`,
  };
}

/** The charts' figures for Chart.js (public/insights.js), as JSON that cannot end the script element. */
function chartData(input: { byMonth: ChartBar[]; byCategory: ChartBar[]; currency: string }): SafeHtml {
  const chart = (id: string, title: string, bars: ChartBar[], horizontal: boolean) => ({
    id,
    title,
    horizontal,
    labels: bars.map((b) => b.label),
    values: bars.map((b) => b.cents / 100),
  });
  const data = {
    currency: input.currency,
    charts: [
      chart('spending-by-month', 'Spending by month', input.byMonth, false),
      chart('spending-by-category', 'Spending by category', input.byCategory, true),
    ],
  };
  return trusted(JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'));
}
