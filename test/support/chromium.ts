import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { X509Certificate, createHash } from 'node:crypto';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (the package `chromium`; `.ci/run` installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * SHA-256 of each server certificate's public key (base64): Chromium trusts exactly the sandbox's certificates
 * (`--ignore-certificate-errors-spki-list`), the way a user who imported the sandbox CA would, without turning
 * certificate checks off for anything else.
 */
export function sandboxSpkiHashes(pkiDir: string): string[] {
  return readdirSync(pkiDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(pkiDir, e.name, 'server.pem')))
    .map((e) => {
      const cert = new X509Certificate(readFileSync(path.join(pkiDir, e.name, 'server.pem')));
      const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
      return createHash('sha256').update(spki).digest('base64');
    });
}

/** Headless Chromium as the machines here can run it (no sandbox as root, no background networking). */
export function launchChromium(pkiDir: string): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--ignore-certificate-errors-spki-list=${sandboxSpkiHashes(pkiDir).join(',')}`,
    ],
  });
}
