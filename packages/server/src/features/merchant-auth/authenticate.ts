/**
 * The one HMAC authentication core (PROTOCOL.md §1) for every scope that admits API keys: the
 * Cryptopay sandbox and every gateway mount. Signature, Date window, duplicate signed headers, key
 * look-up through the cache, IP whitelist, account status, the route's permission.
 * Failures: 401 `unauthenticated` with `details: [{reason}]` (malformed_authorization, missing_date,
 * invalid_date, clock_skew, unknown_key, duplicate_header, bad_signature + `string_to_sign`), 403
 * `unauthorized` with `ip_not_allowed`, `account_not_active` or `permission_denied`.
 */
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { ApiError, unauthenticated, unauthorized } from '../../platform/http/errors.js';
import { isWellFormedApiKey } from '../api-keys/index.js';
import {
  checkSignedRequest,
  parseSignedRequest,
  type ParsedSignedRequest,
  type SignedRequestInput,
  type VerifyFailure,
} from '../../core/signature/index.js';
import type { KeyAuth } from './auth-runtime.js';
import { authorizeKey, PUBLIC, type RequiredPermission } from './authorize-key.js';
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

function authenticationFailure(failure: VerifyFailure): ApiError {
  // The server's StringToSign holds only what the client sent; it shows an integrator what to sign.
  if (failure.reason === 'bad_signature')
    return unauthenticated([{ reason: failure.reason, string_to_sign: failure.stringToSign }]);
  return unauthenticated([{ reason: failure.reason }]);
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

/**
 * Authenticates `request` for `required`, setting `request.apiKey` when a key was presented.
 * Synchronous when the key is cached (the common case): no promise, no extra trip through the
 * event loop. Returns a promise only when the key has to be loaded. Throws (or rejects with) the
 * ApiError to answer.
 */
export function authenticateRequest(
  ctx: AppContext,
  runtime: KeyAuth,
  request: FastifyRequest,
  required: RequiredPermission,
): Promise<void> | void {
  const authorization = request.headers.authorization;
  if (required === PUBLIC && authorization === undefined) return;
  // Node keeps the first of repeated headers; a proxy may read the last. Signed headers must be unambiguous.
  const repeated = repeatedSignedHeader(request.raw.rawHeaders);
  if (repeated) throw unauthenticated([{ reason: 'duplicate_header', header: repeated }]);

  const input: SignedRequestInput = {
    method: request.method,
    // The request target as received: never decoded, normalised or re-ordered.
    path: request.raw.url ?? '',
    rawBody: request.rawBody,
    contentType: request.headers['content-type'],
    date: request.headers.date,
    authorization,
  };
  const parsed = parseSignedRequest(input, ctx.now().getTime());
  if (!parsed.ok) throw authenticationFailure(parsed);
  if (!isWellFormedApiKey(parsed.apiKey)) return admit(runtime, request, input, parsed, null, required);
  const cached = runtime.cache.peek(parsed.apiKey);
  if (cached !== undefined) return admit(runtime, request, input, parsed, cached, required);
  return runtime.cache
    .get(parsed.apiKey)
    .then((key) => admit(runtime, request, input, parsed, key, required));
}

function admit(
  runtime: KeyAuth,
  request: FastifyRequest,
  input: SignedRequestInput,
  parsed: ParsedSignedRequest,
  key: CachedKey | null,
  required: RequiredPermission,
): void {
  const verified = checkSignedRequest(input, parsed, key?.signer);
  if (!verified.ok) throw authenticationFailure(verified);
  if (!key) throw unauthenticated([{ reason: 'unknown_key' }]);

  const denied = authorizeKey(key, request.ip, required);
  if (denied) throw unauthorized('unauthorized', [{ reason: denied }]);
  runtime.usage.record(key.id, request.ip);
  request.apiKey = {
    id: key.id,
    apiKey: key.apiKey,
    name: key.name,
    accountId: key.accountId,
    permissions: key.permissions,
  };
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
      pending = authenticateRequest(ctx, runtime, request, requiredOf(request));
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
