export interface FieldError {
  field: string;
  message: string;
}

/** A failed API call, parsed from the `{error:{code,message,details}, meta:{request_id}}` envelope. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldError[];
  readonly requestId: string | undefined;
  /** The envelope's `details` as sent, e.g. `{reason: 'totp_required'}` entries. */
  readonly rawDetails: Record<string, unknown>[];

  constructor(
    status: number,
    code: string,
    message: string,
    details: FieldError[] = [],
    requestId?: string,
    rawDetails: Record<string, unknown>[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
    this.rawDetails = rawDetails;
  }

  /** The first detail's `reason`, e.g. `totp_required` on a 401 from login. */
  reason(): string | undefined {
    const r = this.rawDetails.find((d) => typeof d.reason === 'string')?.reason;
    return typeof r === 'string' ? r : undefined;
  }

  /** Field-level messages keyed by `details[].field`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      if (d.field && !(d.field in out)) out[d.field] = d.message;
    }
    return out;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

const FRIENDLY: Record<string, string> = {
  unauthenticated: 'Your session has ended. Log in again.',
  unauthorized: 'Your role does not allow this action.',
  account_not_activated:
    'This account is not active yet. An operator must activate it before API credentials can be managed or users invited.',
  csrf_failed: 'Your security token expired. Reload the page and try again.',
  reauthentication_required: 'This action needs you to confirm it is you first.',
  two_factor_required: 'Set up two-factor authentication to continue.',
  rate_limited: 'Too many requests. Wait a moment and try again.',
  network_error: 'Could not reach the Signet server. Check your connection and try again.',
  server_error: 'The server could not complete this request. Try again in a moment.',
};

/** A sentence for the user describing what went wrong. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) {
    const generic = FRIENDLY[e.code];
    const own = e.message && e.message !== e.code ? e.message : '';
    if (e.code === 'validation_failed') {
      if (e.details.length > 0 && !own) return 'Some fields need attention.';
      return own || 'Some fields need attention.';
    }
    if (
      e.code === 'unauthorized' ||
      e.code === 'account_not_activated' ||
      e.code === 'csrf_failed' ||
      e.code === 'reauthentication_required' ||
      e.code === 'two_factor_required'
    ) {
      return generic ?? own;
    }
    return own || generic || `Request failed (HTTP ${e.status}).`;
  }
  if (e instanceof Error && e.message) return e.message;
  return 'Something went wrong.';
}

// ---- CSRF token & session hooks -------------------------------------------------

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

/** What a step-up asks for: an authenticator (or recovery) code, or the password without 2FA. */
export type StepUpFactor = 'totp' | 'password';
/** Asks the user to confirm it is them (the step-up prompt); resolves true once the server accepted it. */
export type StepUpHandler = (factor: StepUpFactor) => Promise<boolean>;

let onStepUpRequired: StepUpHandler | null = null;
let onTwoFactorRequired: (() => void) | null = null;

/**
 * A credential action answered 403 `reauthentication_required`: the handler (the step-up prompt)
 * asks for a code or the password in place, and the action is sent again once it succeeded.
 */
export function setStepUpHandler(fn: StepUpHandler | null): void {
  onStepUpRequired = fn;
}

/** The operator requires two-factor authentication and the user has none (403 `two_factor_required`). */
export function setTwoFactorRequiredHandler(fn: (() => void) | null): void {
  onTwoFactorRequired = fn;
}

export const API_BASE = '/dashboard/api';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Do not redirect to the login page on 401 (login form, boot-time /me). */
  noAuthRedirect?: boolean;
  /** Do not open the step-up prompt on 403 `reauthentication_required` (the prompt's own request). */
  noStepUp?: boolean;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  let url = API_BASE + path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
    }
    const s = qs.toString();
    if (s) url += `?${s}`;
  }
  return url;
}

function asFieldErrors(raw: unknown): FieldError[] {
  if (!Array.isArray(raw)) return [];
  const out: FieldError[] = [];
  for (const d of raw) {
    if (d && typeof d === 'object') {
      const rec = d as Record<string, unknown>;
      const field =
        typeof rec.field === 'string' ? rec.field : Array.isArray(rec.path) ? rec.path.join('.') : '';
      const message = typeof rec.message === 'string' ? rec.message : '';
      if (field || message) out.push({ field, message });
    }
  }
  return out;
}

async function parseError(res: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await res.json();
  } catch {
    payload = null;
  }
  const env = (payload && typeof payload === 'object' ? payload : {}) as {
    error?: { code?: unknown; message?: unknown; details?: unknown };
    meta?: { request_id?: unknown };
  };
  const code =
    typeof env.error?.code === 'string'
      ? env.error.code
      : res.status === 401
        ? 'unauthenticated'
        : res.status >= 500
          ? 'server_error'
          : `http_${res.status}`;
  const message = typeof env.error?.message === 'string' ? env.error.message : '';
  const requestId =
    typeof env.meta?.request_id === 'string'
      ? env.meta.request_id
      : (res.headers.get('x-request-id') ?? undefined);
  const raw = Array.isArray(env.error?.details)
    ? (env.error.details as unknown[]).filter(
        (d): d is Record<string, unknown> => d !== null && typeof d === 'object',
      )
    : [];
  return new ApiError(res.status, code, message, asFieldErrors(env.error?.details), requestId, raw);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', '');
  }
}

async function refreshCsrf(): Promise<boolean> {
  try {
    const res = await send('/me', { method: 'GET' });
    if (!res.ok) return false;
    const body = (await res.json()) as { csrf_token?: string };
    if (body.csrf_token) {
      setCsrfToken(body.csrf_token);
      return true;
    }
  } catch {
    /* fall through */
  }
  return false;
}

/** The one typed fetch wrapper. Resolves with the parsed JSON body (undefined for 202/204 without body). */
export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  let res = await send(path, opts);
  if (res.status === 403 && UNSAFE.has(method)) {
    // A stale CSRF token (e.g. after another tab logged in again): refresh it once and retry.
    const err = await parseError(res.clone());
    if (err.code === 'csrf_failed' && (await refreshCsrf())) res = await send(path, opts);
  }
  if (res.status === 403 && onStepUpRequired && !opts.noStepUp) {
    // A credential action with a stale step-up: confirm it is you in place, then send it again once.
    const err = await parseError(res.clone());
    if (err.code === 'reauthentication_required') {
      const factor = err.rawDetails.find((d) => d.factor === 'totp') ? 'totp' : 'password';
      if (await onStepUpRequired(factor)) res = await send(path, opts);
    }
  }
  if (!res.ok) {
    const err = await parseError(res);
    if (res.status === 401 && !opts.noAuthRedirect) onUnauthenticated?.();
    if (err.code === 'two_factor_required') onTwoFactorRequired?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined as T;
  }
}

export const get = <T>(path: string, opts: Omit<RequestOptions, 'method' | 'body'> = {}) =>
  api<T>(path, { ...opts, method: 'GET' });
export const post = <T>(path: string, body?: unknown, opts: Omit<RequestOptions, 'method' | 'body'> = {}) =>
  api<T>(path, { ...opts, method: 'POST', body: body ?? {} });
export const put = <T>(path: string, body: unknown) => api<T>(path, { method: 'PUT', body });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });
export const del = <T = void>(path: string) => api<T>(path, { method: 'DELETE' });

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}
