import type { FastifyRequest } from 'fastify';

/** Headers that carry credentials never reach the logs, whatever the log level. */
export const logRedaction = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-csrf-token"]',
    'res.headers["set-cookie"]',
  ],
  censor: '[redacted]',
};

/** Invitation links are bearer tokens in the path; log the route's shape instead. */
export function redactUrl(url: string): string {
  return url.replace(/(\/invitations\/)[^/?]+(\/accept)/, '$1[redacted]$2');
}

export function requestSerializer(request: FastifyRequest) {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
}
