// JSON Schema `pattern` and `patternProperties` in schemas that API callers write (identity-pool attributes,
// authorization_details types) run on RE2's linear-time engine (re2js), never on a backtracking one: a schema
// cannot make record or request validation hang (ReDoS). See https://ajv.js.org/security.html#redos-attack.
import type { RegExpEngine } from 'ajv/dist/types';
import { RE2JS } from 're2js';

/**
 * ajv's `code.regExp`: the pattern compiled by re2js (ECMA-262 `pattern` semantics: a search, not anchored). RE2
 * has no backreferences or lookaround; a schema using them does not compile, with RE2's reason.
 */
export const linearRegExp: RegExpEngine = Object.assign((pattern: string) => RE2JS.compile(pattern), {
  code: 'require("re2js").RE2JS.compile',
});
