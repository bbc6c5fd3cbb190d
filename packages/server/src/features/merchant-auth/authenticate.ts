/**
 * The one HMAC authentication core (PROTOCOL.md §1) for everything that admits API keys: the
 * Cryptopay sandbox, every gateway mount and the platform's `POST /platform/v1/verify`. Signature,
 * Date window, duplicate signed headers, key look-up through the cache, IP whitelist, account
 * status, the route's permission.
 *
 * `authenticate` decides over plain values (an `AuthRequest`), so the HTTP hook and the verify API
 * cannot drift apart; the hook is a thin wrapper that turns a refusal into the envelope:
 * 401 `unauthenticated` with `details: [{reason}]` (malformed_authorization, missing_date,
 * invalid_date, clock_skew, unknown_key, duplicate_header + `header`, bad_signature +
 * `string_to_sign`), 403 `unauthorized` with `ip_not_allowed`, `account_not_active` or
 * `permission_denied`. (The Cryptopay sandbox's scope renames some on its way out:
 * cryptopay-errors.ts.) Only that scope also accepts a signature over the percent-decoded target,
 * as the Java SDK signs it (`acceptDecodedTarget`); the gateway and the verify API never do.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { ApiError, unauthenticated, unauthorized } from '../../platform/http/errors.js';
import { isWellFormedApiKey } from '../api-keys/index.js';
import {
  checkSignedRequest,
  type CheckOptions,
  parseSignedRequest,
  type ParsedSignedRequest,
  type SignedRequestInput,
  type VerifyFailure,
  type VerifyFailureReason,
} from '../../core/signature/index.js';
import type { KeyAuth } from './auth-runtime.js';
import { authorizeKey, PUBLIC, type DenialReason, type RequiredPermission } from './authorize-key.js';
import type { CachedKey } from './key-cache.js';

/** The key a request was authenticated with. */
export interface AuthenticatedKey {
  id: string;
  apiKey: string;
  name: string;
  accountId: string;
  permissions: ReadonlySet<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    apiKey?: AuthenticatedKey;
  }
}

/** For handlers behind a non-public permission, where authentication guarantees a key. */
export function authenticatedKeyOf(request: FastifyRequest): AuthenticatedKey {
  if (!request.apiKey) throw unauthenticated();
  return request.apiKey;
}

const SIGNED_HEADERS = ['authorization', 'date', 'content-type'];

/** The first header that enters the StringToSign and appears more than once, if any. */
export function repeatedSignedHeader(rawHeaders: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length !== 4 && name.length !== 12 && name.length !== 13) continue;
    const lower = name.toLowerCase();
    if (!SIGNED_HEADERS.includes(lower)) continue;
    if (seen.has(lower)) return lower;
    seen.add(lower);
  }
  return undefined;
}

/** A request as authentication sees it: plain values, every one exactly as received. */
export interface AuthRequest extends SignedRequestInput {
  /**
   * The raw header list (name, value, name, value, …) of a request that came over HTTP, checked
   * for a signed header sent twice. Absent when the values are already single (the verify API).
   */
  rawHeaders?: readonly string[];
  /** The client's address, for the key's IP whitelist and its last use. */
  ip: string;
  required: RequiredPermission;
  /** Also accept the Java SDK's signature over the percent-decoded target (core/signature). */
  acceptDecodedTarget?: boolean;
}

/** A 401 reason: the request does not prove a key. */
export type AuthenticationReason = VerifyFailureReason | 'duplicate_header';
/** Every reason a request is refused for, as the envelope's `details[0].reason` names it. */
export type RefusalReason = AuthenticationReason | DenialReason;

export type AuthRefusal =
  | { ok: false; status: 401; reason: 'bad_signature'; stringToSign: string }
  | { ok: false; status: 401; reason: 'duplicate_header'; header: string }
  | { ok: false; status: 401; reason: Exclude<AuthenticationReason, 'bad_signature' | 'duplicate_header'> }
  | { ok: false; status: 403; reason: DenialReason };

/**
 * Admitted: with the key, or with none (a public route called without Authorization).
 * `decodedTarget` says the signature was the Java SDK's, over the percent-decoded target.
 */
export type AuthAdmission = { ok: true; key: CachedKey | null; decodedTarget?: true };

export type AuthDecision = AuthAdmission | AuthRefusal;

// Shared, so the hot path allocates no options object per request.
const DECODED_TARGET: CheckOptions = Object.freeze({ acceptDecodedTarget: true });

const ANONYMOUS: AuthAdmission = Object.freeze({ ok: true, key: null }) as AuthAdmission;

function signatureRefusal(failure: VerifyFailure): AuthRefusal {
  // The server's StringToSign holds only what the client sent; it shows an integrator what to sign.
  if (failure.reason === 'bad_signature')
    return { ok: false, status: 401, reason: failure.reason, stringToSign: failure.stringToSign };
  return { ok: false, status: 401, reason: failure.reason };
}

/**
 * Decides whether `input` may make its request. Synchronous when the key is cached (the common
 * case): no promise, no extra trip through the event loop; a promise only when the key has to be
 * loaded. An admitted key's use is recorded (last_used_at / last_used_ip).
 */
export function authenticate(
  ctx: AppContext,
  runtime: KeyAuth,
  input: AuthRequest,
): AuthDecision | Promise<AuthDecision> {
  if (input.required === PUBLIC && input.authorization === undefined) return ANONYMOUS;
  // Node keeps the first of repeated headers; a proxy may read the last. Signed headers must be unambiguous.
  if (input.rawHeaders !== undefined) {
    const repeated = repeatedSignedHeader(input.rawHeaders);
    if (repeated) return { ok: false, status: 401, reason: 'duplicate_header', header: repeated };
  }
  const parsed = parseSignedRequest(input, ctx.now().getTime());
  if (!parsed.ok) return signatureRefusal(parsed);
  if (!isWellFormedApiKey(parsed.apiKey)) return admit(runtime, input, parsed, null);
  const cached = runtime.cache.peek(parsed.apiKey);
  if (cached !== undefined) return admit(runtime, input, parsed, cached);
  return runtime.cache.get(parsed.apiKey).then((key) => admit(runtime, input, parsed, key));
}

function admit(
  runtime: KeyAuth,
  input: AuthRequest,
  parsed: ParsedSignedRequest,
  key: CachedKey | null,
): AuthDecision {
  const verified = checkSignedRequest(
    input,
    parsed,
    key?.signer,
    input.acceptDecodedTarget ? DECODED_TARGET : undefined,
  );
  if (!verified.ok) return signatureRefusal(verified);
  if (!key) return { ok: false, status: 401, reason: 'unknown_key' };

  const denied = authorizeKey(key, input.ip, input.required);
  if (denied) return { ok: false, status: 403, reason: denied };
  runtime.usage.record(key.id, input.ip);
  return verified.decodedTarget ? { ok: true, key, decodedTarget: true } : { ok: true, key };
}

/** The envelope's error for a refusal: exactly what the sandbox and the gateway answer. */
export function refusalError(refusal: AuthRefusal): ApiError {
  switch (refusal.reason) {
    case 'bad_signature':
      return unauthenticated([{ reason: refusal.reason, string_to_sign: refusal.stringToSign }]);
    case 'duplicate_header':
      return unauthenticated([{ reason: refusal.reason, header: refusal.header }]);
    default:
      return refusal.status === 403
        ? unauthorized('unauthorized', [{ reason: refusal.reason }])
        : unauthenticated([{ reason: refusal.reason }]);
  }
}

function settle(request: FastifyRequest, decision: AuthDecision): void {
  if (!decision.ok) throw refusalError(decision);
  // Worth a line: the sandbox admits what a byte-exact server would refuse (PROTOCOL.md §1).
  if (decision.decodedTarget)
    request.log.info({ signedTarget: 'decoded' }, 'signature is over the percent-decoded target (Java SDK)');
  const key = decision.key;
  if (key)
    request.apiKey = {
      id: key.id,
      apiKey: key.apiKey,
      name: key.name,
      accountId: key.accountId,
      permissions: key.permissions,
    };
}

/**
 * Authenticates `request` for `required`, setting `request.apiKey` when a key was presented.
 * Synchronous when the key is cached; returns a promise only when the key has to be loaded.
 * Throws (or rejects with) the ApiError to answer.
 */
export function authenticateRequest(
  ctx: AppContext,
  runtime: KeyAuth,
  request: FastifyRequest,
  required: RequiredPermission,
  options: KeyAuthOptions = {},
): Promise<void> | void {
  const authorization = request.headers.authorization;
  if (required === PUBLIC && authorization === undefined) return;
  const decision = authenticate(ctx, runtime, {
    method: request.method,
    // The request target as received: never decoded, normalised or re-ordered.
    path: request.raw.url ?? '',
    rawBody: request.rawBody,
    contentType: request.headers['content-type'],
    date: request.headers.date,
    authorization,
    rawHeaders: request.raw.rawHeaders,
    ip: request.ip,
    required,
    acceptDecodedTarget: options.acceptDecodedTarget === true,
  });
  if (decision instanceof Promise) return decision.then((d) => settle(request, d));
  settle(request, decision);
}

export interface KeyAuthOptions {
  /** The Cryptopay sandbox's choice (PROTOCOL.md §1); never a gateway's, whose upstream reads the raw target. */
  acceptDecodedTarget?: boolean;
}

/**
 * A `preValidation` hook (after body parsing, since BodyMD5 needs the bytes; before schema
 * validation, so an unauthenticated caller learns nothing about what the body should look like).
 * `requiredOf` names the permission for this request; `onFailure` sees every refusal (metrics).
 */
export function keyAuthHook(
  ctx: AppContext,
  runtime: KeyAuth,
  requiredOf: (request: FastifyRequest) => RequiredPermission,
  onFailure?: (request: FastifyRequest, err: unknown) => void,
  options: KeyAuthOptions = {},
) {
  const fail = (request: FastifyRequest, done: HookHandlerDoneFunction, err: unknown) => {
    onFailure?.(request, err);
    done(err as Error);
  };
  return function keyAuthPreValidation(
    request: FastifyRequest,
    _reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ): void {
    let pending: Promise<void> | void;
    try {
      pending = authenticateRequest(ctx, runtime, request, requiredOf(request), options);
    } catch (err) {
      return fail(request, done, err);
    }
    if (pending)
      pending.then(
        () => done(),
        (err: unknown) => fail(request, done, err),
      );
    else done();
  };
}
