// RFC 7523 §3 (7), RFC 7521 §4.2: a jti is accepted once per client, until the assertion expires.
import { replayKey, type ReplayStore } from '../replay-store';
import { invalidClient } from './client-assertion-context';

export async function checkAssertionReplay(
  replay: ReplayStore,
  clientId: string,
  jti: string,
  exp: number,
  clockToleranceSec: number,
): Promise<void> {
  const expiresAt = new Date((exp + clockToleranceSec + 1) * 1000);
  if (!(await replay.consume(replayKey('client_assertion', clientId, jti), expiresAt))) {
    throw invalidClient('client assertion jti already used');
  }
}
