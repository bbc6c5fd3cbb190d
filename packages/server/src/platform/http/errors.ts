/**
 * The one error envelope Signet answers with, on the merchant API and the dashboard API alike:
 * {"error":{"code","message","details"},"meta":{"request_id"}}.
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'unauthenticated'
  | 'unauthorized'
  | 'account_not_activated'
  | 'csrf_failed'
  | 'reauthentication_required'
  | 'totp_required'
  | 'two_factor_required'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  // The merchant API's own codes (Cryptopay's, CRYPTOPAY-API.md §1.7); see `wire` below.
  | 'invalid'
  | 'duplicate_custom_id'
  | 'high_risk_address'
  | 'ip_not_allowed'
  | 'rate_limited'
  | 'service_unavailable'
  | 'bad_gateway'
  | 'gateway_timeout'
  | 'internal_error';

export type ErrorDetail = Record<string, unknown>;

/**
 * A field that failed validation. `field` is where it was (`custom_id`, `querystring.limit`);
 * `code` and `args` name the rule in Cryptopay's vocabulary (`must_be_uuid`, `{list: [...]}`),
 * which the merchant API shows as `{code, target, message, args}` and the dashboard passes on.
 */
export interface FieldIssue {
  field: string;
  message: string;
  code?: string;
  args?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
    /**
     * How the merchant API (Cryptopay's wire) names this error when it differs from the dashboard's
     * code: a reused custom_id is `conflict` on the dashboard and `duplicate_custom_id` on `/api`.
     */
    readonly wire?: { code: ErrorCode; message: string },
  ) {
    super(message);
  }
}

export const notFound = (what = 'resource') => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details: ErrorDetail[] = []) =>
  new ApiError(409, 'conflict', message, details);
export const unauthenticated = (details: ErrorDetail[] = []) =>
  new ApiError(401, 'unauthenticated', 'unauthenticated', details);
export const unauthorized = (message = 'unauthorized', details: ErrorDetail[] = []) =>
  new ApiError(403, 'unauthorized', message, details);
export const validationFailed = (details: FieldIssue[]) =>
  new ApiError(422, 'validation_failed', 'validation failed', details as unknown as ErrorDetail[]);
export const fieldError = (field: string, message: string, code?: string, args?: Record<string, unknown>) =>
  validationFailed([{ field, message, ...(code ? { code } : {}), ...(args ? { args } : {}) }]);
/** A second use of a merchant reference: 409 everywhere, `duplicate_custom_id` on the merchant API. */
export const duplicateCustomId = (what: string) =>
  new ApiError(
    409,
    'conflict',
    `a ${what} with this custom_id already exists`,
    [{ field: 'custom_id', message: `is already used by another ${what}` }],
    {},
    { code: 'duplicate_custom_id', message: 'duplicate custom id' },
  );

export interface ErrorEnvelope {
  error: { code: string; message: string; details: ErrorDetail[] };
  meta: { request_id: string };
}

export function envelope(requestId: string, code: string, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details }, meta: { request_id: requestId } } satisfies ErrorEnvelope;
}
