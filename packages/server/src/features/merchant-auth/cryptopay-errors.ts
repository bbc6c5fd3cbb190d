/**
 * The merchant API answers errors in Cryptopay's vocabulary (CRYPTOPAY-API.md §1.7, PROTOCOL.md §1.1),
 * the dashboard in API.md's. Services throw one `ApiError` for both; this module translates at the
 * `/api` scope:
 *
 *   validation_failed {field, message, code?, args?}  →  422 `invalid` {code, target, message, args}
 *   a schema (Zod) failure                            →  the same, the rule named from the Zod issue
 *   `wire` set on the error (duplicate custom_id)     →  that code and message, `details: []`
 *   not_found                                         →  message `not found`
 *   403 for a source IP outside the whitelist         →  `ip_not_allowed` / `ip not allowed`
 *
 * Everything else passes unchanged: 401 `unauthenticated` and 403 `unauthorized` (Cryptopay's codes
 * already) with Signet's extras (`reason`, `string_to_sign`, `header`) inside `details`, 400
 * `invalid_json`, 413, 503. Pure: no I/O.
 */
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, type ErrorDetail } from '../../platform/http/errors.js';

export interface CryptopayDetail {
  code: string;
  target: string;
  message: string;
  args: Record<string, unknown>;
  [extra: string]: unknown;
}

const WHERE = /^(querystring|params|body|headers)(\.|$)/;

/** `querystring.starting_after` → `starting_after`: Cryptopay names the parameter, not where it was. */
export function targetOf(field: string): string {
  return field.replace(WHERE, '') || 'body';
}

function fromIssue(detail: ErrorDetail): CryptopayDetail {
  const { field, message, code, args, ...extra } = detail as {
    field?: unknown;
    message?: unknown;
    code?: unknown;
    args?: unknown;
  };
  return {
    ...extra,
    code: typeof code === 'string' && code !== '' ? code : 'invalid',
    target: targetOf(typeof field === 'string' ? field : ''),
    message: typeof message === 'string' && message !== '' ? message : 'is invalid',
    args: isRecord(args) ? args : {},
  };
}

interface ZodIssueLike {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * What the request held where validation looked: the handler's view before any coercion. Lets a
 * missing field (`must_be_filled`) be told from one of the wrong type (`invalid_type`).
 */
export type ValidatedInput = Partial<Record<'body' | 'querystring' | 'params' | 'headers', unknown>>;

const UNKNOWN = Symbol('unknown');

function valueAt(input: ValidatedInput | undefined, context: string | undefined, path: string[]) {
  if (input === undefined) return UNKNOWN;
  let value: unknown = input[(context ?? 'body') as keyof ValidatedInput];
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

const LENGTH_ORIGINS = new Set(['string', 'array', 'set', 'file']);
const sized = (count: unknown, origin: unknown) =>
  `${String(count)} ${origin === 'string' ? 'character' : 'item'}${Number(count) === 1 ? '' : 's'}`;
const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');
const typeName = (expected: unknown) => (expected === 'int' ? 'integer' : String(expected));

/**
 * The Cryptopay rule a Zod issue breaks. The codes Cryptopay was seen sending come first
 * (`must_be_uuid`, `must_be_included_in`, `must_be_less_than_or_equal`,
 * `must_be_greater_than_or_equal`); the rest are Signet's [I] names (PROTOCOL.md §1.1). Where the
 * code and args say all there is, the message is derived from them (Cryptopay's style: "must be one
 * of: A, B"); otherwise the schema's own message is kept. `input` (see ValidatedInput) is optional.
 */
export function detailOfZodIssue(
  issue: ZodIssueLike,
  context: string | undefined,
  input?: ValidatedInput,
): CryptopayDetail {
  const path = issue.instancePath.split('/').filter(Boolean);
  const target = path.join('.') || (context ?? 'body');
  const p = issue.params ?? {};
  const message = issue.message || 'is invalid';
  const detail = (code: string, text: string, args: Record<string, unknown> = {}): CryptopayDetail => ({
    code,
    target,
    message: text,
    args,
  });
  switch (issue.keyword) {
    case 'invalid_format':
      if (p.format === 'uuid' || p.format === 'guid') return detail('must_be_uuid', 'must match uuid format');
      return detail('invalid_format', message, { format: p.format });
    case 'invalid_value': {
      const list = Array.isArray(p.values) ? p.values.map(String) : [];
      return detail('must_be_included_in', `must be one of: ${list.join(', ')}`, { list });
    }
    case 'too_big':
      if (LENGTH_ORIGINS.has(String(p.origin)))
        return detail('too_long', `must be at most ${sized(p.maximum, p.origin)}`, {
          count: Number(p.maximum),
        });
      return p.inclusive === false
        ? detail('must_be_less_than', `must be less than ${String(p.maximum)}`, { value: String(p.maximum) })
        : detail('must_be_less_than_or_equal', `must be less than or equal to ${String(p.maximum)}`, {
            value: String(p.maximum),
          });
    case 'too_small':
      if (LENGTH_ORIGINS.has(String(p.origin)))
        return Number(p.minimum) === 1 && p.origin === 'string'
          ? detail('must_be_filled', 'must be filled')
          : detail('too_short', `must be at least ${sized(p.minimum, p.origin)}`, {
              count: Number(p.minimum),
            });
      return p.inclusive === false
        ? detail('must_be_greater_than', `must be greater than ${String(p.minimum)}`, {
            value: String(p.minimum),
          })
        : detail('must_be_greater_than_or_equal', `must be greater than or equal to ${String(p.minimum)}`, {
            value: String(p.minimum),
          });
    case 'invalid_type': {
      // Absent (or null where null is not allowed) is a missing value, not a value of the wrong type.
      const value = valueAt(input, context, path);
      if (value === undefined || value === null) return detail('must_be_filled', 'must be filled');
      const expected = typeName(p.expected);
      return detail('invalid_type', `must be ${article(expected)} ${expected}`, { expected: p.expected });
    }
    case 'not_multiple_of':
      return detail('must_be_multiple_of', `must be a multiple of ${String(p.divisor)}`, {
        value: String(p.divisor),
      });
    case 'custom': {
      // A refinement names its rule with `params: { code, args }`.
      const named = p.params as { code?: unknown; args?: unknown } | undefined;
      return detail(
        typeof named?.code === 'string' && named.code !== '' ? named.code : 'invalid',
        message,
        isRecord(named?.args) ? named.args : {},
      );
    }
    default:
      return detail('invalid', message);
  }
}

/** One Zod issue may name several fields (unknown keys of a strict object): one detail each. */
function detailsOfZodIssue(issue: ZodIssueLike, context: string | undefined, input?: ValidatedInput) {
  if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params?.keys)) {
    const base = issue.instancePath.split('/').filter(Boolean);
    return issue.params.keys.map((key): CryptopayDetail => ({
      code: 'not_allowed',
      target: [...base, String(key)].join('.'),
      message: 'is not allowed',
      args: {},
    }));
  }
  return [detailOfZodIssue(issue, context, input)];
}

const invalid = (details: CryptopayDetail[], headers: Record<string, string> = {}) =>
  new ApiError(422, 'invalid', 'invalid', details as unknown as ErrorDetail[], headers);

/**
 * The error as Cryptopay would answer it; null when it reads the same in both vocabularies (then
 * the shared handler renders it as thrown). `input` lets a schema failure tell missing from wrong.
 */
export function toCryptopayError(err: unknown, input?: ValidatedInput): ApiError | null {
  if (err instanceof ApiError) {
    if (err.wire) return new ApiError(err.statusCode, err.wire.code, err.wire.message, [], err.headers);
    if (err.code === 'validation_failed') return invalid(err.details.map(fromIssue), err.headers);
    if (err.code === 'not_found')
      return new ApiError(404, 'not_found', 'not found', err.details, err.headers);
    if (err.statusCode === 403 && err.details.some((d) => d.reason === 'ip_not_allowed'))
      return new ApiError(403, 'ip_not_allowed', 'ip not allowed', err.details, err.headers);
    return null;
  }
  if (hasZodFastifySchemaValidationErrors(err))
    return invalid(
      err.validation.flatMap((v) => detailsOfZodIssue(v as ZodIssueLike, err.validationContext, input)),
    );
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
