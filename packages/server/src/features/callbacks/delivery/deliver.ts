import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { DnsLookupError, SsrfBlockedError } from './http-agent.js';
import { signCallbackBody } from './signature.js';

/** One delivery attempt as the history shows it. */
export interface AttemptResult {
  /** True only for HTTP 200 received (headers and excerpt) within the deadline. */
  ok: boolean;
  /** Status of the response, null when none arrived. */
  httpStatus: number | null;
  /** Short human-readable failure ("HTTP 500", "timeout after 10000 ms", ...); null when ok. */
  error: string | null;
  durationMs: number;
  /** First ≤ RESPONSE_EXCERPT_BYTES of the response body as UTF-8; null when no response arrived. */
  responseExcerpt: string | null;
}

export interface DeliverCallbackInput {
  url: string;
  /** The exact JSON text to send; it is signed and sent byte for byte. */
  body: string;
  secret: string;
  /** Stable across retries so receivers can de-duplicate. */
  eventId: string;
  /** 1 for the first delivery, 2 for retry 0, ... (see worker/retry-schedule.ts). */
  attempt: number;
  /** Normally the agent from createCallbackAgent(); anything else bypasses the SSRF checks. */
  dispatcher: Dispatcher;
  /** One deadline for DNS + connect + response headers + excerpt read. The protocol gives receivers 10 s. */
  timeoutMs?: number;
  /** Monotonic clock in ms, for durationMs; injectable for tests. */
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const RESPONSE_EXCERPT_BYTES = 1024;
export const USER_AGENT = 'Signet-Callbacks/1';
const MAX_ERROR_LENGTH = 200;

/** Abort reason for our own deadline, so it can be told apart from every other abort. */
class DeadlineExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timeout after ${timeoutMs} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Reads at most `limit` bytes and drops the rest. Leaving the loop early destroys the body, which
 * closes that connection: cheaper than draining a multi-megabyte response we would throw away, and
 * it means a receiver cannot make us buffer (or wait for) an arbitrarily large answer.
 */
async function readExcerpt(body: Readable, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  const bytes = Buffer.concat(chunks, Math.min(size, limit)).subarray(0, limit);
  // stream:true holds back a multi-byte character cut by the limit instead of emitting U+FFFD.
  return new TextDecoder('utf-8').decode(bytes, { stream: true });
}

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // net's multi-address connect reports an AggregateError; its first member has the useful code.
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner) && inner.length > 0) return codeOf(inner[0]);
  const cause = (err as { cause?: unknown }).cause;
  return cause === undefined ? undefined : codeOf(cause);
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH)/;

/** Turns whatever went wrong into the short text the delivery history shows. */
export function describeDeliveryError(err: unknown, timeoutMs: number): string {
  if (err instanceof DeadlineExceeded) return err.message;
  if (err instanceof SsrfBlockedError) return err.message;
  if (err instanceof DnsLookupError) {
    return err.code === 'EAI_AGAIN'
      ? `DNS lookup failed for ${err.hostname} (temporary failure)`
      : `DNS lookup failed for ${err.hostname}`;
  }
  const code = codeOf(err);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return 'connection closed by the receiver';
    case 'EHOSTUNREACH':
      return 'host unreachable';
    case 'ENETUNREACH':
      return 'network unreachable';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connect timeout';
    // undici's own headers/body timeouts default to 300 s, so in practice our deadline fires first.
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `timeout after ${timeoutMs} ms`;
    case 'HPE_INVALID_CONSTANT':
    case 'HPE_INVALID_STATUS':
    case 'HPE_INVALID_HEADER_TOKEN':
      return 'invalid HTTP response';
  }
  if (code !== undefined && TLS_CODE.test(code)) return `TLS error: ${code}`;
  const message = err instanceof Error ? err.message : String(err);
  const text = code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/**
 * Makes one delivery attempt. Never throws: every outcome, including a bad URL or an SSRF refusal,
 * comes back as an AttemptResult for the history. Redirects are not followed (the dispatcher has no
 * redirect interceptor), so a 3xx is a failed attempt like any non-200.
 */
export async function deliverCallback(input: DeliverCallbackInput): Promise<AttemptResult> {
  const now = input.now ?? (() => performance.now());
  const timeoutMs = input.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = now();
  const result = (r: Omit<AttemptResult, 'durationMs'>): AttemptResult => ({
    ...r,
    durationMs: Math.max(0, Math.round(now() - started)),
  });
  const failure = (error: string, httpStatus: number | null = null, responseExcerpt: string | null = null) =>
    result({ ok: false, httpStatus, error, responseExcerpt });

  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return failure('invalid callback URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return failure(`unsupported URL scheme ${url.protocol}`);
  }

  const controller = new AbortController();
  // A plain timer rather than AbortSignal.timeout(): it is cleared as soon as the attempt ends, so a
  // busy worker does not accumulate thousands of pending 10 s timers.
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded(timeoutMs)), timeoutMs);
  // Set once the response headers arrive, so a failure while reading the body still records it.
  let httpStatus: number | null = null;
  try {
    const bytes = Buffer.from(input.body, 'utf8');
    const exchange = (async () => {
      const response = await input.dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': USER_AGENT,
          'X-Cryptopay-Signature': signCallbackBody(bytes, input.secret),
          'X-Signet-Event-Id': input.eventId,
          'X-Signet-Attempt': String(input.attempt),
        },
        body: bytes,
        signal: controller.signal,
      });
      httpStatus = response.statusCode;
      return readExcerpt(response.body, RESPONSE_EXCERPT_BYTES);
    })();
    // undici only honours an abort once the request owns a socket, so a hanging DNS lookup or TCP
    // handshake would outlive the deadline; racing the abort keeps the deadline covering everything.
    // The losing exchange is still aborted by the signal and its rejection is swallowed here.
    exchange.catch(() => {});
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = (): void => reject(controller.signal.reason);
      if (controller.signal.aborted) onAbort();
      else controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => {});
    const excerpt = await Promise.race([exchange, aborted]);
    if (httpStatus === 200) return result({ ok: true, httpStatus, error: null, responseExcerpt: excerpt });
    return failure(`HTTP ${httpStatus}`, httpStatus, excerpt);
  } catch (err) {
    return failure(describeDeliveryError(err, timeoutMs), httpStatus);
  } finally {
    clearTimeout(timer);
  }
}
