// RFC 9396 §2 and §5: each type's fields are described by a JSON Schema (draft 2020-12 subset that ajv supports).
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { linearRegExp } from '../json-schema/linear-regexp';

/**
 * Annotation on an array member of a type's schema: a consent page may grant a subset of the requested items
 * (e.g. fewer accounts or permissions). Every other member must be granted exactly as requested.
 */
export const NARROWABLE_KEYWORD = 'x-narrowable';

/** A JSON Schema (an object; ajv checks the rest). */
export type AuthorizationDetailsSchema = Record<string, unknown>;

/**
 * One ajv instance per schema: schemas of different servers (or the old and new version of one) may use the same
 * `$id`, and a dropped validator takes its instance's caches with it.
 */
function newAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: false, allowUnionTypes: true, code: { regExp: linearRegExp } });
  addFormats(ajv);
  ajv.addKeyword({ keyword: NARROWABLE_KEYWORD, schemaType: 'boolean' });
  return ajv;
}

/** Compiled validators by schema text: servers reload their types every few seconds, schemas rarely change. */
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 500;

/** The validator of a schema; throws (ajv's error) when the schema itself is invalid. */
export function compileAuthorizationDetailsSchema(schema: AuthorizationDetailsSchema): ValidateFunction {
  const text = JSON.stringify(schema);
  let validate = compiled.get(text);
  if (!validate) {
    validate = newAjv().compile(schema);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(text, validate);
  }
  return validate;
}

/** Why a schema cannot describe a type (for the admin API), or undefined when it can. */
export function schemaProblem(schema: unknown): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'schema must be a JSON object';
  if ((schema as { type?: unknown }).type !== 'object') return "schema must describe an object ('type': 'object')";
  if ((schema as { $async?: unknown }).$async !== undefined) return 'asynchronous schemas are not supported';
  try {
    compileAuthorizationDetailsSchema(schema as AuthorizationDetailsSchema);
    return undefined;
  } catch (e) {
    return `schema is not valid: ${e instanceof Error ? e.message : String(e)}`.replace(/"/g, "'");
  }
}

/**
 * The first failure as `<pointer> <message>`, e.g. `/instructedAmount/amount must match pattern '…'` (single
 * quotes: RFC 6749 §5.2 error descriptions cannot carry double quotes).
 */
export function describeSchemaError(error: ErrorObject): string {
  return describe(error).replace(/"/g, "'");
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return `${error.instancePath}/${String(error.params.additionalProperty)} is not allowed`;
  }
  if (error.keyword === 'required') return `${error.instancePath}/${String(error.params.missingProperty)} is required`;
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`;
}
