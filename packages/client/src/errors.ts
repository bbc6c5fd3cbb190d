/** Base class of every error the client throws on purpose. */
export class SignetError extends Error {
  override name = 'SignetError';
}

/**
 * Every `error.code` the merchant API (`/api`) answers with: Cryptopay's codes where Cryptopay
 * documents or was seen sending them (PROTOCOL.md §1.1), Signet's for what Cryptopay leaves open.
 */
export const MERCHANT_ERROR_CODES = [
  /** 400: the body is not valid JSON (Cryptopay's code for a malformed request is undocumented). */
  'invalid_json',
  /** 401: the request does not prove a key; `details[0].reason` says why. */
  'unauthenticated',
  /** 403: a permission the key lacks, or an account that is not active. */
  'unauthorized',
  /** 403: the source address is not in the key's IP whitelist. */
  'ip_not_allowed',
  /** 404: an unknown id, custom_id, rate pair or path. */
  'not_found',
  /** 405: a method the path does not serve (the `Allow` header lists those it does). */
  'method_not_allowed',
  /** 409: the `custom_id` is already used by another object of that kind. */
  'duplicate_custom_id',
  /** 409: the object changed under a concurrent request; nothing was written, retry. */
  'conflict',
  /** 413: the body is larger than the server accepts. */
  'payload_too_large',
  /** 422: one or more fields are invalid; one `InvalidDetail` per field. */
  'invalid',
  /** 422: a payout address screened as high risk. */
  'high_risk_address',
  /** 503: the database is unavailable; retry. */
  'service_unavailable',
  /** 500 */
  'internal_error',
] as const;

export type MerchantErrorCode = (typeof MERCHANT_ERROR_CODES)[number];

/**
 * `details[].code` of a 422 `invalid`. The first five are Cryptopay's (CRYPTOPAY-API.md §1.7);
 * the others are Signet's names for rules Cryptopay does not document. Open: a server may add more.
 */
export type InvalidDetailCode =
  | 'must_be_uuid'
  | 'must_be_included_in'
  | 'must_be_less_than_or_equal'
  | 'must_be_greater_than_or_equal'
  | 'invalid_coin_address'
  | 'must_be_less_than'
  | 'must_be_greater_than'
  | 'must_be_multiple_of'
  | 'invalid_precision'
  | 'must_be_unique'
  | 'must_be_filled'
  | 'invalid_type'
  | 'invalid_format'
  | 'too_long'
  | 'too_short'
  | 'not_allowed'
  | 'already_committed'
  | 'expired'
  | 'invalid_state'
  | 'invalid';

/** `details[0].reason` of a 401 (the first seven) or a 403 (the last three). */
export type AuthRefusalReason =
  | 'malformed_authorization'
  | 'missing_date'
  | 'invalid_date'
  | 'clock_skew'
  | 'unknown_key'
  | 'duplicate_header'
  | 'bad_signature'
  | 'ip_not_allowed'
  | 'account_not_active'
  | 'permission_denied';

/** One failed field of a 422 `invalid`, as Cryptopay sends it. */
export interface InvalidDetail {
  code: InvalidDetailCode | (string & {});
  /** The request field or parameter by name: `price_amount`, `starting_after`, `channel_id`, `metadata.key`. */
  target: string;
  message: string;
  /** The rule's arguments: `{list: [...]}`, `{value: "100"}`, `{currency: "BTC"}`, `{status: "completed"}`, `{}`. */
  args: Record<string, unknown>;
}

/** Signet's extras inside `details` of a 401 / 403 (Cryptopay itself sends `details: []`). */
export interface AuthFailureDetail {
  reason: AuthRefusalReason | (string & {});
  /** On `bad_signature`: the server's own StringToSign, to compare with yours. */
  string_to_sign?: string;
  /** On `duplicate_header`: the signed header that was sent twice. */
  header?: string;
}

/**
 * One entry of `error.details`. Which fields it has depends on the error: `InvalidDetail`'s on a
 * 422 `invalid`, `AuthFailureDetail`'s on a 401/403, others on other APIs (the platform API's
 * `{reason, scope}`, the dashboard's `{field, message}`).
 */
export interface ErrorDetail extends Partial<InvalidDetail>, Partial<AuthFailureDetail> {
  [extra: string]: unknown;
}

/** The API answered with its error envelope: `{"error":{code,message,details},"meta":{request_id}}`. */
export class SignetApiError extends SignetError {
  override name = 'SignetApiError';
  readonly status: number;
  /** A `MerchantErrorCode` from the merchant API; the platform API has codes of its own. */
  readonly code: MerchantErrorCode | (string & {});
  /** The envelope's `details`, each an object (an entry that is not one is dropped). */
  readonly details: ErrorDetail[];
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details: readonly unknown[];
    requestId?: string;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details.filter(isDetail);
    this.requestId = init.requestId;
  }

  /** Why authentication or authorisation refused the request (`details[0].reason` on a 401/403). */
  get reason(): AuthRefusalReason | (string & {}) | undefined {
    return this.details.find((d) => typeof d.reason === 'string')?.reason;
  }

  /** On a `bad_signature`: the StringToSign the server computed (never the secret or its signature). */
  get stringToSign(): string | undefined {
    return this.details.find((d) => typeof d.string_to_sign === 'string')?.string_to_sign;
  }

  /** The failed fields of a 422 `invalid`, each `{code, target, message, args}`; `[]` otherwise. */
  get invalidFields(): InvalidDetail[] {
    return this.details.filter(isInvalidDetail);
  }

  /** The failed field named `target` (`'price_amount'`, `'starting_after'`), if it failed. */
  fieldError(target: string): InvalidDetail | undefined {
    return this.invalidFields.find((d) => d.target === target);
  }
}

/**
 * Narrows `error` to a SignetApiError, with `code` if given: `if (isSignetApiError(e, 'not_found'))`.
 * Works across copies of the package (checks the shape as well as `instanceof`).
 */
export function isSignetApiError<C extends MerchantErrorCode | (string & {})>(
  error: unknown,
  code?: C,
): error is SignetApiError & { code: C } {
  const candidate = error as Partial<SignetApiError> | null;
  const shaped =
    error instanceof SignetApiError ||
    (error instanceof Error &&
      candidate?.name === 'SignetApiError' &&
      typeof candidate.code === 'string' &&
      typeof candidate.status === 'number' &&
      Array.isArray(candidate.details));
  return shaped && (code === undefined || candidate!.code === code);
}

function isDetail(value: unknown): value is ErrorDetail {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInvalidDetail(d: ErrorDetail): d is ErrorDetail & InvalidDetail {
  return (
    typeof d.code === 'string' &&
    typeof d.target === 'string' &&
    typeof d.message === 'string' &&
    isDetail(d.args)
  );
}

/** The request never got an HTTP response: connection refused, DNS failure, timeout, abort. */
export class SignetNetworkError extends SignetError {
  override name = 'SignetNetworkError';

  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}

/**
 * An HTTP response arrived but is not what the protocol promises (not JSON, or JSON without the
 * `data` / `error` envelope) — typically a proxy or load balancer answering instead of the API.
 */
export class SignetResponseError extends SignetError {
  override name = 'SignetResponseError';
  readonly status: number;
  readonly requestId: string | undefined;
  /** The start of the body, for diagnosis. */
  readonly bodySnippet: string;

  constructor(
    message: string,
    init: { status: number; requestId?: string; bodySnippet: string; cause?: unknown },
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.requestId = init.requestId;
    this.bodySnippet = init.bodySnippet;
  }
}
