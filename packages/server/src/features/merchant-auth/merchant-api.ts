/**
 * The merchant API scope (`/api`): HMAC request authentication per PROTOCOL.md §1, for routes that
 * other features register into it.
 *
 * Contract for route authors:
 *   - Register once, from a Feature:  `plugin: (ctx) => merchantApi(ctx, [invoiceRoutes, rateRoutes])`.
 *     Each route set is `(app: ZodApp, ctx: AppContext) => void`; paths are relative to `/api`
 *     (`app.get('/invoices', ...)` serves `/api/invoices`).
 *   - Every route declares `config: { permission: 'invoices:read' }` (an id from keys/permissions.ts)
 *     or `config: { permission: 'public' }` (no key needed, but a presented key must be valid).
 *     A route without it fails at start-up.
 *   - Handlers read the caller from `merchantKeyOf(request)` (`request.apiKey`: id, apiKey,
 *     accountId, permissions); on a public route `request.apiKey` is set only when a key was sent.
 *   - Every body is available as bytes in `request.rawBody`; JSON bodies are parsed as usual.
 * Failures: 401 `unauthenticated` with `details: [{reason}]` (malformed_authorization, missing_date,
 * invalid_date, clock_skew, unknown_key, bad_signature + `string_to_sign`), 403 `unauthorized` with
 * `ip_not_allowed`, `account_not_active` or `permission_denied`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { ApiError, unauthenticated, unauthorized } from '../../platform/http/errors.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { isWellFormedApiKey } from '../api-keys/index.js';
import { isPermission, type Permission } from '../api-keys/index.js';
import {
  checkSignedRequest,
  parseSignedRequest,
  type ParsedSignedRequest,
  type SignedRequestInput,
  type VerifyFailure,
} from '../../core/signature/index.js';
import type { KeyAuth } from './auth-runtime.js';
import { authorizeKey, type MerchantPermission } from './authorize-key.js';
import type { CachedKey } from './key-cache.js';
import { installRawBodyParser } from './raw-body.js';

/** The key a merchant request was authenticated with. */
export interface AuthenticatedKey {
  id: string;
  apiKey: string;
  accountId: string;
  permissions: ReadonlySet<Permission>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: MerchantPermission;
  }
  interface FastifyRequest {
    apiKey?: AuthenticatedKey;
  }
}

export type MerchantRoutes = (app: ZodApp, ctx: AppContext) => void;

export const MERCHANT_PREFIX = '/api';

/** For handlers behind a non-public permission, where authentication guarantees a key. */
export function merchantKeyOf(request: FastifyRequest): AuthenticatedKey {
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
 * Synchronous when the key is cached (the common case): no promise, no extra trip through the
 * event loop. Returns a promise only when the key has to be loaded.
 */
function authenticate(ctx: AppContext, runtime: KeyAuth, request: FastifyRequest): Promise<void> | void {
  const required = request.routeOptions.config.permission;
  if (required === undefined) throw new Error('merchant route without config.permission');
  const authorization = request.headers.authorization;
  if (required === 'public' && authorization === undefined) return;
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
  required: MerchantPermission,
): void {
  const verified = checkSignedRequest(input, parsed, key?.signer);
  if (!verified.ok) throw authenticationFailure(verified);
  if (!key) throw unauthenticated([{ reason: 'unknown_key' }]);

  const denied = authorizeKey(key, request.ip, required);
  if (denied) throw unauthorized('unauthorized', [{ reason: denied }]);
  runtime.usage.record(key.id, request.ip);
  request.apiKey = { id: key.id, apiKey: key.apiKey, accountId: key.accountId, permissions: key.permissions };
}

/** The `/api` plugin: raw bodies, authentication, then the given route sets. */
export function merchantApi(ctx: AppContext, routeSets: MerchantRoutes[]) {
  return async function merchantApiPlugin(app: FastifyInstance) {
    if (!app.hasDecorator('keyAuth'))
      throw new Error('the merchant-auth feature must be registered before any scope that admits API keys');
    const runtime = app.keyAuth;

    await app.register(
      async (api) => {
        installRawBodyParser(api);
        api.addHook('onRoute', (route) => {
          const config = route.config as { permission?: string } | undefined;
          const permission = config?.permission;
          if (permission !== 'public' && (permission === undefined || !isPermission(permission)))
            throw new Error(
              `merchant route ${route.method} ${route.url} does not declare a valid config.permission`,
            );
        });
        // After body parsing (BodyMD5 needs the bytes), before schema validation: an unauthenticated
        // caller learns nothing about what the body should look like.
        api.addHook('preValidation', (request, _reply, done) => {
          let pending: Promise<void> | void;
          try {
            pending = authenticate(ctx, runtime, request);
          } catch (err) {
            return done(err as Error);
          }
          if (pending) pending.then(() => done(), done);
          else done();
        });
        const zapp = api as unknown as ZodApp;
        for (const register of routeSets) register(zapp, ctx);
      },
      { prefix: MERCHANT_PREFIX },
    );
  };
}
