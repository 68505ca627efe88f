// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill in
// place before the library is loaded, so this file is the only place the library is imported from.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// The library's `Crypto` type is the DOM one; Node's WebCrypto implements it.
type LibraryCrypto = ReturnType<typeof x509.cryptoProvider.get>;
x509.cryptoProvider.set(webcrypto as unknown as LibraryCrypto);

export { x509, webcrypto };
