import { randomBytes } from 'node:crypto';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { envelope } from './errors.js';
import { createJsonBodyParser } from './json-body.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body bytes exactly as received (HMAC signatures are computed over these). */
    rawBody?: Buffer;
  }
}

export const newRequestId = () => randomBytes(16).toString('hex');

/** Every response, success or error, names its request id so a support conversation can find the log line. */
export function installRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}

/** JSON bodies keep their raw bytes beside the parsed value; an empty body is simply absent. */
export function installJsonParser(app: FastifyInstance): void {
  const parse = createJsonBodyParser(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) =>
    parse(request, body as Buffer, done),
  );
}

const METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Fastify answers an unrouted method with 404; the contract wants 405 with an Allow header. Every
 * registered path learns its missing methods once all plugins have registered their routes.
 */
export function installMethodNotAllowed(app: FastifyInstance): () => void {
  const byUrl = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (route.config && (route.config as { methodNotAllowed?: boolean }).methodNotAllowed) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const set = byUrl.get(route.url) ?? new Set<string>();
    for (const m of methods) set.add(m);
    byUrl.set(route.url, set);
  });
  return () => {
    for (const [url, present] of byUrl) {
      if (url.includes('*')) continue;
      const missing = METHODS.filter((m) => !present.has(m));
      if (missing.length === 0) continue;
      const allow = [...present].filter((m) => m !== 'HEAD' || present.has('GET')).join(', ');
      app.route({
        method: missing,
        url,
        config: { methodNotAllowed: true, access: 'public' },
        schema: { hide: true },
        handler: async (request, reply) =>
          reply
            .code(405)
            .header('allow', allow)
            .send(envelope(request.id, 'method_not_allowed', `${request.method} is not allowed here`)),
      });
    }
  };
}
