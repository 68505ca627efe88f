import { html, type SafeHtml } from '@ofs/web';
import { formatCents } from '../bank-api/cdr-responses';

export interface ChartBar {
  label: string;
  cents: number;
}

const ACCENT = '#0b6e62';
const INK = '#1c1f24';
const MUTED = '#5a616b';

/**
 * A bar chart drawn on the server as SVG (no script, nothing inline for the CSP to refuse): vertical bars for a
 * time series, horizontal bars for categories. Every bar has a <title>, and the chart a text alternative.
 */
export function barChart(input: {
  id: string;
  title: string;
  bars: ChartBar[];
  currency: string;
  orientation: 'vertical' | 'horizontal';
}): SafeHtml {
  const { bars, currency } = input;
  if (!bars.length) return html`<p class="muted" id="${input.id}">No spending in this selection.</p>`;
  const max = Math.max(...bars.map((b) => b.cents), 1);
  const summary = bars.map((b) => `${b.label}: ${currency} ${formatCents(b.cents)}`).join('; ');
  if (input.orientation === 'vertical') {
    const width = 600;
    const height = 260;
    const plot = height - 50;
    const slot = width / bars.length;
    const barWidth = Math.min(60, slot * 0.6);
    return html`<svg id="${input.id}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${input.title}: ${summary}" xmlns="http://www.w3.org/2000/svg">
  <title>${input.title}</title>
  <line x1="0" y1="${plot + 10}" x2="${width}" y2="${plot + 10}" stroke="${MUTED}" stroke-width="1"/>
  ${bars.map((b, i) => {
    const h = Math.max(1, Math.round((b.cents / max) * (plot - 20)));
    const x = Math.round(i * slot + (slot - barWidth) / 2);
    return html`<g class="bar" data-label="${b.label}" data-amount="${formatCents(b.cents)}">
    <rect x="${x}" y="${plot + 10 - h}" width="${Math.round(barWidth)}" height="${h}" fill="${ACCENT}" rx="3"><title>${b.label}: ${currency} ${formatCents(b.cents)}</title></rect>
    <text x="${x + barWidth / 2}" y="${plot + 10 - h - 6}" text-anchor="middle" font-size="12" fill="${INK}">${formatCents(b.cents)}</text>
    <text x="${x + barWidth / 2}" y="${height - 14}" text-anchor="middle" font-size="12" fill="${MUTED}">${b.label}</text>
  </g>`;
  })}
</svg>`;
  }
  const rowHeight = 34;
  const labelWidth = 170;
  const width = 600;
  const height = bars.length * rowHeight + 10;
  const room = width - labelWidth - 90;
  return html`<svg id="${input.id}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${input.title}: ${summary}" xmlns="http://www.w3.org/2000/svg">
  <title>${input.title}</title>
  ${bars.map((b, i) => {
    const w = Math.max(1, Math.round((b.cents / max) * room));
    const y = i * rowHeight + 5;
    return html`<g class="bar" data-label="${b.label}" data-amount="${formatCents(b.cents)}">
    <text x="${labelWidth - 8}" y="${y + 19}" text-anchor="end" font-size="13" fill="${INK}">${b.label}</text>
    <rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 12}" fill="${ACCENT}" rx="3"><title>${b.label}: ${currency} ${formatCents(b.cents)}</title></rect>
    <text x="${labelWidth + w + 6}" y="${y + 19}" font-size="12" fill="${MUTED}">${formatCents(b.cents)}</text>
  </g>`;
  })}
</svg>`;
}
