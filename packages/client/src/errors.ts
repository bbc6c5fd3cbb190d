/** Base class of every error the client throws on purpose. */
export class SignetError extends Error {
  override name = 'SignetError';
}

/** The API answered with its error envelope: `{"error":{code,message,details},"meta":{request_id}}`. */
export class SignetApiError extends SignetError {
  override name = 'SignetApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown[];
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details: unknown[];
    requestId?: string;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
  }
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
