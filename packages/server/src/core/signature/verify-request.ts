import { createHash } from 'node:crypto';
import { parseAuthorization } from './authorization-header.js';
import { decodedRequestTarget } from './decoded-target.js';
import { parseHttpDate } from './http-date.js';
import type { RequestSigner } from './request-signer.js';

/** The `Date` header may be this far from the server clock, either side (inclusive). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** What the HTTP layer hands over, every field exactly as received. */
export interface SignedRequestInput {
  method: string;
  /** Raw request target (path + query), not decoded or normalised. */
  path: string;
  rawBody: Buffer | undefined;
  /**
   * The body's MD5 as lowercase hex, when the caller has only the digest (the verify API): used
   * instead of hashing `rawBody`. '' is the empty body.
   */
  bodyMd5?: string;
  contentType: string | undefined;
  date: string | undefined;
  authorization: string | undefined;
}

/**
 * - `missing_date`: no (or an empty) Date header.
 * - `invalid_date`: a Date header that is none of the accepted HTTP-date forms. Kept apart from
 *   `clock_skew` so the integrator can tell "fix your date format" from "fix your clock".
 */
export type VerifyFailureReason =
  | 'malformed_authorization'
  | 'missing_date'
  | 'invalid_date'
  | 'clock_skew'
  | 'unknown_key'
  | 'bad_signature';

export type VerifyFailure =
  | { ok: false; reason: 'malformed_authorization' }
  | { ok: false; reason: 'missing_date' | 'invalid_date' | 'clock_skew' | 'unknown_key'; apiKey: string }
  /** `stringToSign` is the server's own (safe to show: it holds only what the client sent). */
  | { ok: false; reason: 'bad_signature'; apiKey: string; stringToSign: string };

export interface VerifySuccess {
  ok: true;
  apiKey: string;
  /** Set when only the percent-decoded target's signature matched (see CheckOptions). */
  decodedTarget?: true;
}

export interface CheckOptions {
  /**
   * Also accept a signature over the percent-decoded request target, as the official Java SDK
   * signs it, when the raw target holds an escape that decoded-target.ts may decode. Off by default;
   * only the Cryptopay sandbox turns it on (PROTOCOL.md §1). The 401's StringToSign stays the raw one.
   */
  acceptDecodedTarget?: boolean;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

/** The request passed every check that needs no key: look `apiKey` up, then call checkSignedRequest. */
export interface ParsedSignedRequest {
  ok: true;
  apiKey: string;
  signature: string;
}

/**
 * Step 1, no key needed: Authorization format, Date presence, format and skew. Stale or
 * malformed requests are thus turned away before any key lookup or body hashing.
 */
export function parseSignedRequest(
  input: SignedRequestInput,
  now: number,
): ParsedSignedRequest | VerifyFailure {
  const auth = parseAuthorization(input.authorization);
  if (!auth) return { ok: false, reason: 'malformed_authorization' };
  const { apiKey, signature } = auth;

  if (input.date === undefined || input.date === '') return { ok: false, reason: 'missing_date', apiKey };
  const sentAt = cachedHttpDate(input.date, now);
  if (sentAt === null) return { ok: false, reason: 'invalid_date', apiKey };
  if (Math.abs(sentAt - now) > MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'clock_skew', apiKey };

  return { ok: true, apiKey, signature };
}

// Clients sign with the current second, so consecutive requests repeat the same few Date headers:
// remember recent parses (a pure function of the text, except RFC 850's two-digit years, which
// depend on `now` and are never cached). Bounded: cleared when full.
const DATE_CACHE_MAX = 64;
const dateCache = new Map<string, number>();

function cachedHttpDate(value: string, now: number): number | null {
  const hit = dateCache.get(value);
  if (hit !== undefined) return hit;
  const parsed = parseHttpDate(value, now);
  // The fourth character is ',' only for IMF-fixdate/RFC 2822 ('Sun,'), which never depend on now.
  if (parsed !== null && value.charCodeAt(3) === 0x2c) {
    if (dateCache.size >= DATE_CACHE_MAX) dateCache.clear();
    dateCache.set(value, parsed);
  }
  return parsed;
}

/** Constant-time comparison of two strings of equal length, without allocating. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

// Base64 of a 20-byte SHA-1 digest.
const SIGNATURE_BASE64_LENGTH = 28;

const signatureOf = (signer: RequestSigner, stringToSign: string) =>
  signer.signBase64 ? signer.signBase64(stringToSign) : signer.sign(stringToSign).toString('base64');

/** Step 2: `signer` is the one found for `parsed.apiKey`, or undefined when the key is unknown. */
export function checkSignedRequest(
  input: SignedRequestInput,
  parsed: ParsedSignedRequest,
  signer: RequestSigner | undefined,
  options?: CheckOptions,
): VerifyResult {
  const { apiKey, signature } = parsed;
  if (!signer) return { ok: false, reason: 'unknown_key', apiKey };

  const head = stringToSignHead(input);
  const stringToSign = head + input.path;
  if (signature.length !== SIGNATURE_BASE64_LENGTH)
    return { ok: false, reason: 'bad_signature', apiKey, stringToSign };
  // Compared as text, never decoded: both are 28 base64 characters, and the loop takes the same
  // time whatever the first difference.
  const matches = sameText(signature, signatureOf(signer, stringToSign));
  const decoded = options?.acceptDecodedTarget ? decodedRequestTarget(input.path) : null;
  if (decoded === null)
    return matches ? { ok: true, apiKey } : { ok: false, reason: 'bad_signature', apiKey, stringToSign };
  // Both candidates are always computed and compared, whichever matches: the time taken depends on
  // whether the target has a decodable escape (the caller's own choice), never on the signature.
  const decodedMatches = sameText(signature, signatureOf(signer, head + decoded));
  if (matches) return { ok: true, apiKey };
  if (decodedMatches) return { ok: true, apiKey, decodedTarget: true };
  return { ok: false, reason: 'bad_signature', apiKey, stringToSign };
}

export interface VerifyDeps {
  now: number;
  findSigner(apiKey: string): RequestSigner | undefined;
}

/** Both steps with a synchronous key lookup (e.g. an in-memory cache of signers). */
export function verifyRequest(input: SignedRequestInput, deps: VerifyDeps): VerifyResult {
  const parsed = parseSignedRequest(input, deps.now);
  return parsed.ok ? checkSignedRequest(input, parsed, deps.findSigner(parsed.apiKey)) : parsed;
}

export interface AsyncVerifyDeps {
  now: number;
  findSigner(apiKey: string): RequestSigner | undefined | Promise<RequestSigner | undefined>;
}

/** Both steps with a key lookup that may hit the database; it is only called for well-formed, fresh requests. */
export async function verifyRequestAsync(
  input: SignedRequestInput,
  deps: AsyncVerifyDeps,
): Promise<VerifyResult> {
  const parsed = parseSignedRequest(input, deps.now);
  return parsed.ok ? checkSignedRequest(input, parsed, await deps.findSigner(parsed.apiKey)) : parsed;
}

/** METHOD \n BodyMD5 \n Content-Type \n Date \n RequestPath, from the request as received. */
export function serverStringToSign(input: SignedRequestInput): string {
  return stringToSignHead(input) + input.path;
}

/** The StringToSign up to the RequestPath (its last line): the body is hashed once for both candidates. */
function stringToSignHead(input: SignedRequestInput): string {
  const body = input.rawBody;
  const bodyMd5 =
    input.bodyMd5 ??
    (body === undefined || body.length === 0 ? '' : createHash('md5').update(body).digest('hex'));
  return `${input.method.toUpperCase()}\n${bodyMd5}\n${input.contentType ?? ''}\n${input.date ?? ''}\n`;
}
