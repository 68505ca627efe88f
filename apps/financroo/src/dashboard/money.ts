import { html, type SafeHtml } from '@ofs/web';
import { formatCents } from '../bank-api/cdr-responses';

/** An amount as shown: `AUD 1174.23`, with the exact value in data-amount (for people and tests alike). */
export function money(cents: number, currency: string, id?: string): SafeHtml {
  const value = formatCents(cents);
  return html`<span class="amount${cents < 0 ? ' negative' : ''}"${id ? html` id="${id}"` : ''} data-amount="${value}" data-currency="${currency}">${currency} ${value}</span>`;
}
