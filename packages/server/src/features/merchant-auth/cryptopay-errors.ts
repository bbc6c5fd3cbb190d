/**
 * The merchant API answers errors in Cryptopay's vocabulary (CRYPTOPAY-API.md §1.7), the dashboard
 * in API.md's. Services throw one `ApiError` for both; this module translates at the `/api` scope:
 *
 *   validation_failed {field, message, code?, args?}  →  422 `invalid` {code, target, message, args}
 *   a schema (Zod) failure                            →  the same, the rule named from the Zod issue
 *   `wire` set on the error (duplicate custom_id)     →  that code and message, `details: []`
 *   not_found                                         →  message `not found`
 *   403 for a source IP outside the whitelist         →  `ip_not_allowed` / `ip not allowed`
 *
 * Signet's extras (a refusal's `reason`, `string_to_sign`) are kept inside `details`. Pure: no I/O.
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

/** `querystring.starting_after` → `starting_after`: Cryptopay names the parameter, not where it was. */
export function targetOf(field: string): string {
  return field.replace(/^(querystring|params|body)\.?/, '') || 'body';
}

function fromIssue(detail: ErrorDetail): CryptopayDetail {
  const { field, message, code, args, ...extra } = detail as {
    field?: string;
    message?: string;
    code?: string;
    args?: Record<string, unknown>;
  };
  return {
    code: code ?? 'invalid',
    target: targetOf(field ?? ''),
    message: message ?? 'is invalid',
    args: args ?? {},
    ...extra,
  };
}

interface ZodIssueLike {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** The Cryptopay rule a Zod issue breaks; the codes Cryptopay was seen sending come first. */
export function detailOfZodIssue(issue: ZodIssueLike, context: string | undefined): CryptopayDetail {
  const target =
    issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.') || (context ?? 'body');
  const p = issue.params ?? {};
  const message = issue.message ?? 'is invalid';
  switch (issue.keyword) {
    case 'invalid_format':
      if (p.format === 'uuid' || p.format === 'guid')
        return { code: 'must_be_uuid', target, message: 'must match uuid format', args: {} };
      return { code: 'invalid_format', target, message, args: { format: p.format } };
    case 'invalid_value': {
      const list = Array.isArray(p.values) ? p.values.map(String) : [];
      return {
        code: 'must_be_included_in',
        target,
        message: `must be one of: ${list.join(', ')}`,
        args: { list },
      };
    }
    case 'too_big':
      return p.origin === 'number'
        ? { code: 'must_be_less_than_or_equal', target, message, args: { value: String(p.maximum) } }
        : { code: 'too_long', target, message, args: { count: p.maximum } };
    case 'too_small':
      return p.origin === 'number'
        ? { code: 'must_be_greater_than_or_equal', target, message, args: { value: String(p.minimum) } }
        : {
            code: p.minimum === 1 ? 'must_be_filled' : 'too_short',
            target,
            message,
            args: { count: p.minimum },
          };
    case 'invalid_type':
      return { code: 'invalid_type', target, message, args: { expected: p.expected } };
    case 'custom': {
      // A refinement names its rule with `params: { code, args }`.
      const named = p.params as { code?: string; args?: Record<string, unknown> } | undefined;
      return { code: named?.code ?? 'invalid', target, message, args: named?.args ?? {} };
    }
    default:
      return { code: 'invalid', target, message, args: {} };
  }
}

const invalid = (details: CryptopayDetail[]) =>
  new ApiError(422, 'invalid', 'invalid', details as unknown as ErrorDetail[]);

/** The error as Cryptopay would answer it; null when it reads the same in both vocabularies. */
export function toCryptopayError(err: unknown): ApiError | null {
  if (err instanceof ApiError) {
    if (err.wire) return new ApiError(err.statusCode, err.wire.code, err.wire.message, [], err.headers);
    if (err.code === 'validation_failed') return invalid(err.details.map(fromIssue));
    if (err.code === 'not_found')
      return new ApiError(404, 'not_found', 'not found', err.details, err.headers);
    if (err.statusCode === 403 && err.details.some((d) => d.reason === 'ip_not_allowed'))
      return new ApiError(403, 'ip_not_allowed', 'ip not allowed', err.details, err.headers);
    return null;
  }
  if (hasZodFastifySchemaValidationErrors(err))
    return invalid(err.validation.map((v) => detailOfZodIssue(v as ZodIssueLike, err.validationContext)));
  return null;
}
