import { ConsentError } from './consent.error';
import type { ConsentPosition } from './consent.repository';

/** The opaque `next_cursor`: base64url of the last consent's created_at and id (keyset pagination). */
export function encodeCursor(position: ConsentPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): ConsentPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string'
    ) {
      const createdAt = new Date(parsed[0]);
      if (!Number.isNaN(createdAt.getTime()) && createdAt.toISOString() === parsed[0]) {
        return { createdAt, id: parsed[1] };
      }
    }
  } catch {
    // falls through to the error below
  }
  throw new ConsentError('invalid_cursor', 'cursor is not a next_cursor this API returned');
}
