/** RFC 9457 problem details: the one error shape of the bank and admin APIs. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** Correlates the answer with the server's logs (the request id). */
  correlation_id?: string;
  /** Field-level problems of a rejected request body or query. */
  errors?: string[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
