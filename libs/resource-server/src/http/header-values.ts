import type { IncomingMessage } from 'node:http';

/**
 * Every value of one request header (`name` in lower case), as `req.headersDistinct[name]` gives it (undefined
 * when absent), without building that object of every header on every request.
 */
export function headerValues(req: Pick<IncomingMessage, 'rawHeaders'>, name: string): string[] | undefined {
  let values: string[] | undefined;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const header = raw[i]!;
    if (header.length === name.length && header.toLowerCase() === name) (values ??= []).push(raw[i + 1]!);
  }
  return values;
}
