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

/**
 * Invitation and portal-session tokens are bearer credentials in the path (`/portal/<token>` too): the link the invitee opens
 * (`/invite/<token>`, served to the dashboard app) and the API call that accepts it
 * (`/dashboard/api/invitations/<token>/accept`). Log the route's shape instead, and drop the
 * query string of those URLs too.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const redacted = path
    .replace(/^(\/invite\/)[^/]+/, '$1[redacted]')
    .replace(/^(\/portal\/)[^/]+/, '$1[redacted]')
    .replace(/(\/invitations\/)[^/]+(\/accept)/, '$1[redacted]$2');
  if (redacted === path) return url;
  return q < 0 ? redacted : `${redacted}?[redacted]`;
}

export function requestSerializer(request: FastifyRequest) {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
}
