import type { Brand } from '@ofs/web';

/** Go Bank: a green "G" roundel; the accent keeps 4.5:1 contrast with white text. */
export const GO_BANK_BRAND: Brand = {
  name: 'Go Bank',
  tagline: 'Consent',
  accent: '#0b6e4f',
  logoSvg:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="Go Bank">' +
    '<circle cx="32" cy="32" r="30" fill="#0b6e4f"/>' +
    '<path d="M44 22a14 14 0 1 0 2 14H33v-6h19" fill="none" stroke="#fff" stroke-width="6" stroke-linecap="round"/>' +
    '</svg>',
};
