/*
 * Input the database or the validators cannot take, refused while parsing with a 400: NUL characters
 * (PostgreSQL text refuses U+0000), lone UTF-16 surrogates in JSON escapes (jsonb refuses them), and JSON
 * nested deeper than any API here needs (recursive validation would overflow the stack).
 */

export const MAX_JSON_DEPTH = 32;

/** A client error raised while reading the request; `status`/`type` make every error filter treat it as one. */
export class UnsafeInputError extends Error {
  readonly status = 400;
  readonly statusCode = 400;
  readonly expose = true;
  readonly type = 'entity.unsafe';
}

const hex = (b: number): number =>
  b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : b >= 0x41 && b <= 0x46 ? b - 0x37 : -1;

/** One pass over the raw JSON text: depth, NUL (raw or `\u0000`), unpaired surrogate escapes. */
export function checkJsonText(raw: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0) throw new UnsafeInputError('the JSON body contains a NUL character');
    if (inString) {
      if (b === 0x22) inString = false;
      else if (b === 0x5c) {
        if (raw[i + 1] === 0x75) {
          const unit = escapeAt(raw, i + 2);
          if (unit === 0) throw new UnsafeInputError('the JSON body contains a NUL character (\\u0000)');
          if (unit >= 0xdc00 && unit <= 0xdfff)
            throw new UnsafeInputError('the JSON body contains a lone UTF-16 surrogate');
          if (unit >= 0xd800 && unit <= 0xdbff) {
            const low = raw[i + 6] === 0x5c && raw[i + 7] === 0x75 ? escapeAt(raw, i + 8) : -1;
            if (low < 0xdc00 || low > 0xdfff)
              throw new UnsafeInputError('the JSON body contains a lone UTF-16 surrogate');
            i += 6;
          }
          i += 5;
        } else i++;
      }
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > MAX_JSON_DEPTH)
        throw new UnsafeInputError(`the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
}

function escapeAt(raw: Buffer, at: number): number {
  let value = 0;
  for (let k = 0; k < 4; k++) {
    const digit = hex(raw[at + k] ?? -1);
    if (digit < 0) return -1; // malformed: JSON.parse reports it
    value = value * 16 + digit;
  }
  return value;
}

/** A form or a URL: no NUL, raw or percent-encoded. */
export function checkUrlEncoded(raw: string, what: string): void {
  if (raw.includes('\u0000') || /%00/i.test(raw)) throw new UnsafeInputError(`the ${what} contains a NUL character`);
}
