// Consumer Data Standards (AU), "Error Codes": the error list every CDR API answers with.

export const CDR_ERRORS = {
  invalidField: { code: 'urn:au-cds:error:cds-all:Field/Invalid', title: 'Invalid Field', status: 400 },
  missingField: { code: 'urn:au-cds:error:cds-all:Field/Missing', title: 'Missing Required Field', status: 400 },
  invalidDateTime: { code: 'urn:au-cds:error:cds-all:Field/InvalidDateTime', title: 'Invalid Date', status: 400 },
  invalidPageSize: { code: 'urn:au-cds:error:cds-all:Field/InvalidPageSize', title: 'Invalid Page Size', status: 400 },
  invalidPage: { code: 'urn:au-cds:error:cds-all:Field/InvalidPage', title: 'Invalid Page', status: 422 },
  invalidBankingAccount: {
    code: 'urn:au-cds:error:cds-banking:Authorisation/InvalidBankingAccount',
    title: 'Invalid Banking Account',
    status: 404,
  },
  resourceNotFound: { code: 'urn:au-cds:error:cds-all:Resource/NotFound', title: 'Resource Not Found', status: 404 },
  unauthorized: { code: 'urn:au-cds:error:cds-all:Authorisation/Unauthorized', title: 'Unauthorized', status: 401 },
  insufficientScope: {
    code: 'urn:au-cds:error:cds-all:Authorisation/InvalidConsent',
    title: 'Consent Is Invalid',
    status: 403,
  },
  serviceUnavailable: {
    code: 'urn:au-cds:error:cds-all:Service/Unavailable',
    title: 'Service Unavailable',
    status: 503,
  },
  unexpected: {
    code: 'urn:au-cds:error:cds-all:GeneralError/Unexpected',
    title: 'Unexpected Error Encountered',
    status: 500,
  },
} as const;

export type CdrErrorKind = keyof typeof CDR_ERRORS;

/** One entry of a CDR error list. */
export interface CdrErrorEntry {
  code: string;
  title: string;
  detail: string;
  meta?: Record<string, unknown>;
}

/** `ResponseErrorListV2`. */
export interface CdrErrorList {
  errors: CdrErrorEntry[];
}

/** A CDR API refusal: its status, and the error list it answers with. */
export class CdrError extends Error {
  readonly status: number;
  readonly entry: CdrErrorEntry;

  constructor(
    kind: CdrErrorKind,
    detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${CDR_ERRORS[kind].title}: ${detail}`);
    const { code, title, status } = CDR_ERRORS[kind];
    this.status = status;
    this.entry = { code, title, detail };
  }

  body(): CdrErrorList {
    return { errors: [this.entry] };
  }
}
