import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { ApiError, envelope } from '../../platform/http/errors.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { setSessionCookie } from './cookie.js';
import { openPortalSession, PORTAL_LANDING } from './portal-service.js';

const portalTokenParams = z.object({ token: z.string() });

/** Why a link did not log the person in, as the login page's `?portal=` explains it. */
const BROWSER_REFUSALS: Record<number, string> = { 404: 'expired', 409: 'refused' };
const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/**
 * `GET /portal/{token}`: the one-time link of a portal session (a root route, not under
 * `/dashboard/api`, because a person opens it in the browser). A plain GET sets the session
 * cookie and redirects to Integration > API; a second GET, an expired or unknown link answer the
 * 404 JSON envelope (a browser is sent to the login page, which says the link is used up). HEAD never opens a link (a link checker must not use it up), and nothing
 * under `/portal` falls through to the dashboard's index.html.
 */
export function portalLinkPlugin(ctx: AppContext) {
  return async function portalLink(app: FastifyInstance) {
    // Encapsulated: only this scope parses and sets cookies outside the dashboard API.
    await app.register(cookie);
    app.addHook('onSend', async (_request, reply, payload) => {
      // The URL is a credential until used: keep it out of caches and of the next page's Referer.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return payload;
    });

    (app as unknown as ZodApp).get(
      '/portal/:token',
      {
        exposeHeadRoute: false,
        schema: {
          params: portalTokenParams,
          tags: ['platform'],
          summary:
            'Open a portal session link (single use): sets the session cookie, 302 to Integration > API',
          response: {
            302: z
              .null()
              .describe(
                'Redirect to the dashboard with the session cookie set; for a browser (Accept: text/html), a refused link redirects to /login?portal=expired|refused',
              ),
          },
        },
        config: { access: 'public' },
      },
      async (request, reply) => {
        try {
          const started = await openPortalSession(ctx, request.params.token, request.ip);
          setSessionCookie(ctx, reply, started.token);
          return await reply.redirect(PORTAL_LANDING, 302);
        } catch (err) {
          // A person's browser gets the login page saying why, not a JSON envelope; scripts and
          // link checkers (no text/html in Accept) still get the envelope.
          const refusal = err instanceof ApiError ? BROWSER_REFUSALS[err.statusCode] : undefined;
          if (refusal && wantsHtml(request)) return reply.redirect(`/login?portal=${refusal}`, 302);
          throw err;
        }
      },
    );

    for (const url of ['/portal', '/portal/*'])
      app.route({
        method: ['GET', 'HEAD'],
        url,
        exposeHeadRoute: false,
        config: { access: 'public' },
        schema: { hide: true },
        handler: async (request, reply) =>
          reply.code(404).send(envelope(request.id, 'not_found', 'portal link not found')),
      });
  };
}
