import type { HttpResponse } from './http-client';

/** A response the benchmark did not expect: counted as an error of its operation and printed. */
export class BenchError extends Error {
  constructor(
    readonly step: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${step}: HTTP ${status} ${detail}`);
    this.name = 'BenchError';
  }

  static of(step: string, response: HttpResponse): BenchError {
    return new BenchError(step, response.status, response.body.replace(/\s+/g, ' ').slice(0, 300));
  }
}

/** Throws a BenchError unless the response has the expected status. */
export function expectStatus(step: string, response: HttpResponse, status: number): HttpResponse {
  if (response.status !== status) throw BenchError.of(step, response);
  return response;
}

/** The JSON body of an expected response, with the named string members present. */
export function expectJson<K extends string>(
  step: string,
  response: HttpResponse,
  status: number,
  members: readonly K[],
): Record<K, string> & Record<string, unknown> {
  expectStatus(step, response, status);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new BenchError(step, response.status, `not JSON: ${response.body.slice(0, 200)}`);
  }
  const record = body as Record<string, unknown>;
  const missing = members.filter((m) => typeof record?.[m] !== 'string');
  if (typeof body !== 'object' || body === null || missing.length) {
    throw new BenchError(step, response.status, `missing ${missing.join(', ')} in ${response.body.slice(0, 200)}`);
  }
  return record as Record<K, string> & Record<string, unknown>;
}
