/** FAPI2-SP 5.2.1/5.2.2 (TLS-01..03): TLS 1.2 or later, and on TLS 1.2 only the BCP 195 ECDHE AES-GCM suites. */
export const FAPI_TLS = {
  minVersion: 'TLSv1.2',
  ciphers: [
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
    'TLS_AES_128_GCM_SHA256',
    'ECDHE-ECDSA-AES128-GCM-SHA256',
    'ECDHE-RSA-AES128-GCM-SHA256',
    'ECDHE-ECDSA-AES256-GCM-SHA384',
    'ECDHE-RSA-AES256-GCM-SHA384',
  ].join(':'),
  honorCipherOrder: true,
} as const;

/**
 * The HTTPS options of a listener's own port: the sandbox certificate, and with `clientCertificate: 'optional'`
 * a request for a client certificate that the app checks itself (self-signed ones are fine for token binding).
 */
export function listenerTlsOptions(
  tls: { cert: string; key: string; ca: string },
  listener: { clientCertificate?: 'optional' },
) {
  const asking = listener.clientCertificate === 'optional';
  return {
    key: tls.key,
    cert: tls.cert,
    ...(asking ? { ca: tls.ca, requestCert: true, rejectUnauthorized: false } : {}),
    ...FAPI_TLS,
  };
}
