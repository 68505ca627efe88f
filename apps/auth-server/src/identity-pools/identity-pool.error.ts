/** What can go wrong with a pool or record request; each maps to one status and problem type (RFC 9457). */
export type IdentityPoolErrorCode =
  | 'bad_request'
  | 'not_found'
  | 'conflict'
  | 'schema_incompatible'
  | 'precondition_failed'
  | 'precondition_required'
  | 'invalid_schema'
  | 'invalid_attributes'
  | 'unprocessable'
  | 'unsupported_media_type';

const STATUS: Record<IdentityPoolErrorCode, number> = {
  bad_request: 400,
  not_found: 404,
  conflict: 409,
  schema_incompatible: 409,
  precondition_failed: 412,
  invalid_schema: 422,
  invalid_attributes: 422,
  unprocessable: 422,
  unsupported_media_type: 415,
  precondition_required: 428,
};

const TITLE: Record<IdentityPoolErrorCode, string> = {
  bad_request: 'Bad Request',
  not_found: 'Not Found',
  conflict: 'Conflict',
  schema_incompatible: 'Existing records do not validate against the new schema',
  precondition_failed: 'Precondition Failed',
  invalid_schema: 'Invalid JSON Schema',
  invalid_attributes: 'Attributes do not validate against the pool schema',
  unprocessable: 'Unprocessable Content',
  unsupported_media_type: 'Unsupported Media Type',
  precondition_required: 'Precondition Required',
};

/** One record that would not validate, as a schema change's refusal shows it. */
export interface InvalidRecordSample {
  id: string;
  errors: string[];
}

/** A typed identity-pool error: the problem filter renders it; `extensions` are extra problem members. */
export class IdentityPoolError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: IdentityPoolErrorCode,
    readonly detail: string,
    readonly extensions: { errors?: string[]; count?: number; sample?: InvalidRecordSample[] } = {},
  ) {
    super(detail);
    this.status = STATUS[code];
    this.title = TITLE[code];
  }

  /** `urn:ofs:problem:<code>`: the problem type clients can switch on. */
  get type(): string {
    return `urn:ofs:problem:${code(this.code)}`;
  }
}

function code(c: IdentityPoolErrorCode): string {
  return c.replace(/_/g, '-');
}
