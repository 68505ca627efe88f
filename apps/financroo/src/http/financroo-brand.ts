import type { Brand } from '@ofs/web';

/** Financroo's look: a teal accent (white text on it keeps 4.5:1) and a kangaroo-ish mark. */
export const FINANCROO_BRAND: Brand = {
  name: 'Financroo',
  tagline: 'Smart Banking',
  accent: '#0b6e62',
  logoSvg:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b6e62"/><path d="M9 23c0-6 3-11 9-12l3-4 1 4c2 1 3 3 3 5h-4l-2 3 3 4h-3l-3-3-2 3z" fill="#fff"/></svg>',
};

/** Financroo's own styles on top of the shared stylesheet (served at /financroo.css). */
export const FINANCROO_CSS = `
.tabs{display:flex;gap:.25rem;margin:0 0 1.25rem;border-bottom:1px solid var(--line)}
.tabs a{padding:.6rem 1rem;text-decoration:none;color:var(--muted);border-bottom:3px solid transparent;font-weight:500}
.tabs a[aria-current=page]{color:var(--ink);border-bottom-color:var(--accent)}
.welcome{text-align:center;padding:3rem 1.5rem}
.welcome p{max-width:34rem;margin:0 auto 1.5rem;color:var(--muted)}
.bank-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:1rem;margin:1rem 0}
.bank-option{display:block;border:2px solid var(--line);border-radius:var(--radius);padding:1rem;cursor:pointer;background:#fff}
.bank-option input{margin-right:.5rem;accent-color:var(--accent)}
.bank-option:has(input:checked){border-color:var(--accent)}
.bank-option.disabled{opacity:.6;cursor:not-allowed}
fieldset.plain{border:0;padding:0;margin:0}
fieldset.plain legend{font-weight:600;padding:0}
.bank-option small{display:block;color:var(--muted);margin-top:.35rem}
.dashboard{display:grid;grid-template-columns:minmax(260px,360px) 1fr;gap:1.25rem;align-items:start}
.dashboard .card h2,.charts .card h2,section.card>h2:first-child{margin-top:0}
.total{font-size:2rem;font-weight:600;margin:.25rem 0}
.bank-card header{display:flex;justify-content:space-between;align-items:center;gap:.5rem;flex-wrap:wrap}
.bank-card h2{margin:0}
.bank-card form{margin:0}
.bank-card .card-actions{display:flex;gap:.5rem;flex-wrap:wrap}
.account-row{display:flex;justify-content:space-between;gap:1rem;padding:.6rem 0;border-bottom:1px solid var(--line)}
.account-row:last-child{border-bottom:0}
.account-number{display:block;color:var(--muted);font-size:.85rem;font-family:ui-monospace,monospace}
.amount{font-variant-numeric:tabular-nums;white-space:nowrap}
.amount.negative{color:var(--bad)}
.chart svg{width:100%;height:auto;display:block}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1.25rem}
@media (max-width:800px){.dashboard{grid-template-columns:1fr}}
`;
