import { randomBytes } from 'node:crypto';
import type { InstanceSecretRepository } from './instance-secret.repository';

/**
 * The secret called `name`, the same in every process: the first process to ask makes it (32 random bytes),
 * the others read that one. Concurrent first asks agree, as only one insert wins.
 */
export async function sharedSecret(secrets: InstanceSecretRepository, name: string): Promise<Buffer> {
  await secrets.insertIfAbsent(name, randomBytes(32));
  const secret = await secrets.find(name);
  if (!secret) throw new Error(`the shared secret ${name} vanished as it was made`);
  return secret;
}
