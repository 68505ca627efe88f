/** How an app looks: its name, its colour and its logo (served at /assets/logo.svg). */
export interface Brand {
  /** e.g. "Go Bank". */
  name: string;
  /** A short line under the name in the header, e.g. "Consent console". */
  tagline?: string;
  /** The primary colour, `#rrggbb` (buttons, links, header rule). Must keep 4.5:1 contrast with white text. */
  accent: string;
  /** The logo as SVG markup from the app's own source. */
  logoSvg: string;
}

export const BRAND = Symbol('BRAND');

export function brandCss(brand: Brand): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(brand.accent)) throw new TypeError(`brand accent must be #rrggbb: ${brand.accent}`);
  return `:root{--accent:${brand.accent}}\n`;
}
