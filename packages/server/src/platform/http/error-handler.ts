import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, envelope, type ErrorCode } from './errors.js';

const codeForStatus: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'service_unavailable',
};

/** Zod's `/ip_whitelist/2` in the body becomes `ip_whitelist.2`, in the query `querystring.limit`. */
export function fieldName(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  const where = context ?? 'body';
  if (path === '') return where;
  return where === 'body' ? path : `${where}.${path}`;
}

/** A database that is down or unreachable is a 503 the caller can retry, not a 500. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      '57P01',
      '57P03',
      '08006',
      '08001',
      '08003',
    ].includes(e.code ?? '')
  )
    return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
}

/**
 * Renders any error as the envelope. Exported so that a scope with its own vocabulary (the merchant
 * API speaks Cryptopay's codes) can translate first and still end here.
 */
export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const id = request.id;
  if (err instanceof ApiError) {
    return reply
      .headers(err.headers)
      .code(err.statusCode)
      .send(envelope(id, err.code, err.message, err.details));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const details = err.validation.map((v) => ({
      field: fieldName(err.validationContext, v.instancePath),
      message: v.message ?? 'is invalid',
    }));
    return reply.code(422).send(envelope(id, 'validation_failed', 'validation failed', details));
  }
  if (
    err.statusCode === 400 &&
    (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
  ) {
    return reply.code(400).send(envelope(id, 'invalid_json', 'request body is not valid JSON'));
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = codeForStatus[status] ?? 'bad_request';
    return reply.code(status).send(envelope(id, code, publicMessage(err, code)));
  }
  if (isDatabaseUnavailable(err)) {
    request.log.error({ err: { message: err.message, code: err.code } }, 'database unavailable');
    return reply
      .code(503)
      .header('retry-after', '1')
      .send(envelope(id, 'service_unavailable', 'the database is unavailable, retry shortly'));
  }
  request.log.error({ err }, 'unhandled error');
  return reply.code(500).send(envelope(id, 'internal_error', 'internal error'));
}

function publicMessage(err: FastifyError, code: ErrorCode): string {
  // Fastify's own 4xx messages are safe and useful ("Request body is too large"); anything else is generic.
  return err.code?.startsWith('FST_') ? err.message : code.replace(/_/g, ' ');
}
