/**
 * The Cryptopay sandbox's scope (`cryptopay_sandbox.mount`, `/api` by default): HMAC request
 * authentication (authenticate.ts) for routes that other features register into it.
 *
 * Contract for route authors:
 *   - Register once, from a Feature:  `plugin: (ctx) => merchantApi(ctx, [invoiceRoutes, rateRoutes])`.
 *     Each route set is `(app: ZodApp, ctx: AppContext) => void`; paths are relative to the mount
 *     (`app.get('/invoices', ...)` serves `/api/invoices`).
 *   - Every route declares `config: { permission: 'invoices:read' }` (an id in the catalogue in
 *     force) or `config: { permission: 'public' }` (no key needed, but a presented key must be
 *     valid). A route without one fails at start-up.
 *   - Handlers read the caller from `authenticatedKeyOf(request)` (`request.apiKey`); on a public route
 *     `request.apiKey` is set only when a key was sent.
 *   - Every body is available as bytes in `request.rawBody`; JSON bodies are parsed as usual.
 *   - Errors answer in Cryptopay's vocabulary (cryptopay-errors.ts); a path under the mount that no
 *     route serves is 404 `not_found` / `not found`, before authentication (the routes are public
 *     knowledge, and junk costs no key look-up).
 *   - A signature over the percent-decoded target (the Java SDK's) is accepted as a second
 *     candidate (core/signature/decoded-target.ts, PROTOCOL.md §1).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { handleError } from '../../platform/http/error-handler.js';
import { envelope } from '../../platform/http/errors.js';
import { keyAuthHook } from './authenticate.js';
import { toCryptopayError } from './cryptopay-errors.js';
import { PUBLIC, type RequiredPermission } from './authorize-key.js';
import { installRawBodyParser } from './raw-body.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RequiredPermission;
  }
}

export type MerchantRoutes = (app: ZodApp, ctx: AppContext) => void;

/** Requires the merchant-auth feature's `app.keyAuth` (one key cache per app). */
export function keyAuthOf(app: FastifyInstance) {
  if (!app.hasDecorator('keyAuth'))
    throw new Error('the merchant-auth feature must be registered before any scope that admits API keys');
  return app.keyAuth;
}

/** The sandbox plugin at its configured mount: raw bodies, authentication, then the route sets. */
export function merchantApi(ctx: AppContext, routeSets: MerchantRoutes[]) {
  return async function merchantApiPlugin(app: FastifyInstance) {
    const runtime = keyAuthOf(app);
    await app.register(
      async (api) => {
        installRawBodyParser(api);
        // Cryptopay's error codes on this scope (cryptopay-errors.ts), the shared envelope otherwise.
        api.setErrorHandler((err, request, reply) => {
          const input = { body: request.body, querystring: request.query, params: request.params };
          return handleError((toCryptopayError(err, input) ?? err) as FastifyError, request, reply);
        });
        // The app-wide handler says `no route for GET /api/x`; Cryptopay says `not found`.
        api.setNotFoundHandler((request, reply) =>
          reply.code(404).send(envelope(request.id, 'not_found', 'not found')),
        );
        api.addHook('onRoute', (route) => {
          const permission = (route.config as { permission?: string } | undefined)?.permission;
          if (permission !== PUBLIC && (permission === undefined || !ctx.permissions.has(permission)))
            throw new Error(
              `merchant route ${route.method} ${route.url} does not declare a permission of the catalogue in config.permission`,
            );
        });
        const authenticate = keyAuthHook(
          ctx,
          runtime,
          (request) => {
            const required = request.routeOptions.config.permission;
            if (required === undefined) throw new Error('merchant route without config.permission');
            return required;
          },
          undefined,
          { acceptDecodedTarget: true },
        );
        // The scope's hooks also run before its not-found handler, which has no permission to check.
        api.addHook('preValidation', (request, reply, done) =>
          request.is404 ? done() : authenticate(request, reply, done),
        );
        const zapp = api as unknown as ZodApp;
        for (const register of routeSets) register(zapp, ctx);
      },
      { prefix: ctx.config.apis.cryptopaySandbox.mount },
    );
  };
}
