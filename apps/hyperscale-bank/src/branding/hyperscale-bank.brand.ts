import type { Brand } from '@ofs/web';

/** Hyperscale Bank: stacked indigo layers; the accent keeps 4.5:1 contrast with white text. */
export const HYPERSCALE_BANK_BRAND: Brand = {
  name: 'Hyperscale Bank',
  tagline: 'Consent',
  accent: '#4338ca',
  logoSvg:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="Hyperscale Bank">' +
    '<rect width="64" height="64" rx="14" fill="#4338ca"/>' +
    '<path d="M32 12 52 22 32 32 12 22Z" fill="#fff"/>' +
    '<path d="M12 32l20 10 20-10M12 42l20 10 20-10" fill="none" stroke="#fff" stroke-width="4" stroke-linejoin="round"/>' +
    '</svg>',
};
