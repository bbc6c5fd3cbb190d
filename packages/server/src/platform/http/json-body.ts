import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fieldError } from './errors.js';
import { findNul } from './json-values.js';

type Done = (err: Error | null, body?: unknown) => void;

/**
 * Parses a JSON body from its raw bytes (kept in `request.rawBody` for signatures). An empty body is
 * absent; a NUL character anywhere is a 422 on that field, so both databases see the same input.
 */
export function createJsonBodyParser(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, raw: Buffer, done: Done) => {
    request.rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    const text = raw.toString('utf8');
    parseJson(request, text, (err: Error | null, body?: unknown) => {
      if (err) return done(err);
      // JSON can only carry NUL escaped, so the scan runs only when the escape is present.
      const nulAt = text.includes('\\u0000') ? findNul(body) : null;
      if (nulAt) return done(fieldError(nulAt.join('.') || 'body', 'must not contain NUL characters'));
      done(null, body);
    });
  };
}
