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
  | 'rate_limited'
  | 'service_unavailable'
  | 'bad_gateway'
  | 'gateway_timeout'
  | 'internal_error';

export type ErrorDetail = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
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
export const validationFailed = (details: { field: string; message: string }[]) =>
  new ApiError(422, 'validation_failed', 'validation failed', details);
export const fieldError = (field: string, message: string) => validationFailed([{ field, message }]);

export interface ErrorEnvelope {
  error: { code: string; message: string; details: ErrorDetail[] };
  meta: { request_id: string };
}

export function envelope(requestId: string, code: string, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details }, meta: { request_id: requestId } } satisfies ErrorEnvelope;
}
