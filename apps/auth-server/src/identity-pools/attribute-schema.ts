// JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12) for pool attributes, with ajv (strict) and ajv-formats.
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { linearRegExp } from '@ofs/oauth';
import { IdentityPoolError } from './identity-pool.error';
import type { AttributeSchema } from './identity-pool.entity';
import type { RecordAttributes } from './identity-record.entity';

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

export type AttributeValidator = (attributes: RecordAttributes) => string[];

/**
 * Compiles a pool schema, or answers 422 `invalid-schema`: it must be a draft 2020-12 schema (strict: unknown
 * keywords and formats are errors), describe a JSON object at its root, and validate synchronously.
 */
export function compileAttributeSchema(schema: unknown): AttributeValidator {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    throw new IdentityPoolError('invalid_schema', 'the schema must be a JSON object');
  const root = schema as AttributeSchema;
  if (root.$schema !== undefined && root.$schema !== DRAFT_2020_12)
    throw new IdentityPoolError('invalid_schema', `$schema must be ${DRAFT_2020_12} when given`);
  if (root.type !== 'object')
    throw new IdentityPoolError('invalid_schema', 'the schema must say "type": "object" at its root');
  if (root.$async !== undefined) throw new IdentityPoolError('invalid_schema', '$async schemas are not supported');
  // One instance per schema: $id values of different pools never collide.
  const ajv = new Ajv2020({
    strictSchema: true,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allErrors: true,
    code: { regExp: linearRegExp }, // ReDoS: patterns in a caller's schema run in linear time
  });
  addFormats(ajv);
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(root);
  } catch (e) {
    throw new IdentityPoolError('invalid_schema', `the schema does not compile: ${(e as Error).message}`);
  }
  if ((validate as { $async?: unknown }).$async)
    throw new IdentityPoolError('invalid_schema', '$async schemas are not supported');
  return (attributes) => (validate(attributes) ? [] : (validate.errors ?? []).map(describe));
}

function describe(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is not valid'}`;
}
