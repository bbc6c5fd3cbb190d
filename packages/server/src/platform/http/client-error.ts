import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { envelope } from './errors.js';
import { newRequestId } from './request-plumbing.js';

/**
 * Requests Node's HTTP parser rejects before Fastify sees them (a NUL or bare CR in a header, a
 * conflicting Content-Length, headers over the size limit, bytes that are not HTTP) still get the
 * one error envelope with a request id, as every other error does — Fastify's default answer is a
 * different JSON shape. The parser error is logged by code only: its `rawPacket` holds the request
 * bytes, credentials included.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'the request took too long to arrive']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'the request headers are too large']
        : [400, 'the request is not valid HTTP'];
  const id = newRequestId();
  this.log.debug({ requestId: id, code: err.code, status }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(envelope(id, 'bad_request', message));
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * Requests the router rejects before any route or hook runs — a path that is not valid
 * percent-encoding (`%zz`, `%c0%ae`, `%ff`), a path parameter over `maxParamLength` — answer with
 * the envelope too (Fastify's default is its own JSON shape, without X-Request-Id). The path is not
 * echoed back.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const message = tooLong ? 'a path segment is too long' : 'the request path is not valid percent-encoding';
  return reply
    .code(tooLong ? 414 : 400)
    .header('x-request-id', request.id)
    .send(envelope(request.id, 'bad_request', message));
}
