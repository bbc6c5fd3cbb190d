import type { FastifyInstance } from 'fastify';
import { createJsonBodyParser } from '../../platform/http/json-body.js';

// application/json is already parsed app-wide (keeping its bytes); these are the other JSON types.
const JSON_TYPE = /^application\/[a-z0-9.+-]*\+json\s*(;|$)/i;

/**
 * Within the merchant API every body keeps its exact bytes in `request.rawBody`, whatever its
 * Content-Type, because the signature's BodyMD5 is over the bytes on the wire. JSON types are also
 * parsed (invalid JSON is a 400); other bodies are left to the route as bytes only.
 */
export function installRawBodyParser(app: FastifyInstance): void {
  const parseJson = createJsonBodyParser(app);
  // Fastify's text/plain parser would hand over a decoded string and lose the bytes.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (!JSON_TYPE.test(request.headers['content-type'] ?? '')) return done(null, undefined);
    parseJson(request, raw, done);
  });
}
