import { SignetApiError, SignetNetworkError, SignetResponseError } from './errors.js';

/**
 * The HTTP plumbing both clients share (the merchant API's SignetClient and the platform API's
 * SignetPlatform): URL building, one JSON request with a timeout and no redirects, and the mapping
 * of failures to the package's error classes. Not exported from the package.
 */

export type Query = Record<string, string | number | undefined>;

const BODY_SNIPPET_LENGTH = 200;

/** `path` (and its query) below the base URL's own path, as one URL. */
export function apiUrl(base: URL, path: string, query?: Query): URL {
  return new URL(base.pathname.replace(/\/+$/, '') + path + queryString(query), base);
}

export interface JsonAnswer {
  status: number;
  ok: boolean;
  json: unknown;
  text: string;
  /** From X-Request-Id, for errors that carry no envelope. */
  requestId: string | undefined;
}

/**
 * Sends one request and parses its JSON answer. Throws SignetNetworkError when nothing came back,
 * SignetResponseError for a body that is not JSON, and SignetApiError for an error envelope.
 * A success is returned for the caller to check its shape (see `unexpectedBody`).
 */
export async function exchangeJson(
  fetchFn: typeof fetch,
  url: URL,
  init: { method: string; headers: Record<string, string>; body: string | undefined; timeoutMs: number },
): Promise<JsonAnswer> {
  const { method } = init;
  const requestPath = url.pathname + url.search;
  let response: Response;
  let text: string;
  try {
    response = await fetchFn(url.href, {
      method,
      headers: init.headers,
      body: init.body,
      // Following a redirect would replay the credentials (a signature, a bearer token) elsewhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    text = await response.text();
  } catch (cause) {
    throw new SignetNetworkError(`${method} ${requestPath} failed: ${describe(cause)}`, { cause });
  }

  const requestId = response.headers.get('x-request-id') ?? undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SignetResponseError(`${method} ${requestPath}: HTTP ${response.status} with a non-JSON body`, {
      status: response.status,
      requestId,
      bodySnippet: text.slice(0, BODY_SNIPPET_LENGTH),
      cause,
    });
  }
  if (!response.ok) {
    const apiError = toApiError(json, response.status, requestId);
    if (apiError) throw apiError;
  }
  return { status: response.status, ok: response.ok, json, text, requestId };
}

/** The error for an answer whose shape is not the one expected (`what` says how it differs). */
export function unexpectedBody(
  method: string,
  url: URL,
  answer: JsonAnswer,
  what: string,
): SignetResponseError {
  return new SignetResponseError(`${method} ${url.pathname}${url.search}: HTTP ${answer.status} ${what}`, {
    status: answer.status,
    requestId: answer.requestId,
    bodySnippet: answer.text.slice(0, BODY_SNIPPET_LENGTH),
  });
}

function toApiError(
  json: unknown,
  status: number,
  headerRequestId: string | undefined,
): SignetApiError | null {
  if (!isRecord(json) || !isRecord(json.error)) return null;
  const { code, message, details } = json.error;
  if (typeof code !== 'string') return null;
  const metaRequestId = isRecord(json.meta) ? json.meta.request_id : undefined;
  return new SignetApiError({
    status,
    code,
    message: typeof message === 'string' ? message : code,
    details: Array.isArray(details) ? details : [],
    requestId: typeof metaRequestId === 'string' ? metaRequestId : headerRequestId,
  });
}

/**
 * Percent-encodes one path segment (callers are async, so a refusal surfaces as a rejection). '.' and
 * '..' are refused: URL parsing would collapse them (even as %2E) and the request would reach another
 * resource than the one signed.
 */
export function segment(value: string): string {
  if (value === '' || value === '.' || value === '..')
    throw new TypeError(`invalid path segment: "${value}"`);
  return encodeURIComponent(value);
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.append(name, String(value));
  }
  const encoded = params.toString();
  return encoded === '' ? '' : `?${encoded}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
