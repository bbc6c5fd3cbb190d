import type { FastifyInstance, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The path carries a credential (a bearer token): the access log shows the route's pattern,
     * with its parameters and any query string as `[redacted]`, never the URL as sent. Routes with
     * a `:token` parameter get this without saying so.
     */
    redactUrl?: boolean;
  }
  interface FastifyInstance {
    /** The app's credential-bearing route patterns (see `installUrlRedaction`). */
    credentialRoutes: CredentialRoutes;
  }
}

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

const REDACTED = '[redacted]';

/** One route pattern, split: a static segment (lower-case) or null for a parameter or wildcard. */
interface CredentialPattern {
  segments: (string | null)[];
  /** How many leading segments hold every parameter: a path that matches them carries the token. */
  prefix: number;
}

function compilePattern(pattern: string): CredentialPattern {
  const segments = pattern
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (s.startsWith(':') || s === '*' ? null : s.toLowerCase()));
  return { segments, prefix: segments.lastIndexOf(null) + 1 };
}

/** The pattern as logged: `/portal/:token` → `/portal/[redacted]`. */
export function redactedPattern(pattern: string): string {
  return pattern.replace(/:[^/]+|\*/g, REDACTED);
}

/**
 * Percent-decoding (repeated: `%2569` is `%69` is `i`), backslashes as slashes, empty segments
 * dropped, so `//invite/x`, `/%69nvite/x` and `/INVITE/x/` all read `invite`, `x`. Lenient (a
 * byte per escape, no error on `%zz`): this is only to recognise static segments, never to route.
 */
function normalisedSegments(path: string): string[] {
  let decoded = path;
  for (let i = 0; i < 3 && decoded.includes('%'); i++) {
    const next = decoded.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
    if (next === decoded) break;
    decoded = next;
  }
  // An escaped `?`, `#` or `;` ends a segment as well: `/invite%3F<token>` holds the token too.
  return decoded.split(/[/\\?#;]/).filter((s) => s !== '');
}

/**
 * The logged form of a path that no credential route matched but that, read loosely, falls under
 * one (a doubled slash, an escaped letter, other letter case, extra segments): the pattern's own
 * shape, with everything from the first parameter on redacted. Null when it falls under none.
 */
function redactLoosely(path: string, patterns: readonly CredentialPattern[]): string | null {
  let segments: string[] | undefined;
  for (const p of patterns) {
    // A flagged route without parameters: only its query string, on the route itself, is redacted.
    if (p.prefix === 0) continue;
    segments ??= normalisedSegments(path);
    if (segments.length < p.prefix) continue;
    let matches = true;
    for (let i = 0; i < p.prefix && matches; i++) {
      const want = p.segments[i];
      matches = want === null || segments[i]!.toLowerCase() === want;
    }
    if (!matches) continue;
    const out: string[] = [];
    let i = 0;
    for (; i < segments.length && i < p.segments.length; i++) {
      const want = p.segments[i] as string | null;
      if (want === null) out.push(REDACTED);
      else if (i >= p.prefix && segments[i]!.toLowerCase() !== want) break;
      else out.push(want);
    }
    if (i < segments.length) out.push(REDACTED);
    return `/${out.join('/')}`;
  }
  return null;
}

/** The app's credential routes, and the loose check of paths that matched none of them. */
export class CredentialRoutes {
  private readonly patterns: CredentialPattern[] = [];
  private readonly seen = new Set<string>();

  constructor(patterns: readonly string[] = []) {
    for (const p of patterns) this.add(p);
  }

  add(pattern: string): void {
    if (this.seen.has(pattern)) return;
    this.seen.add(pattern);
    this.patterns.push(compilePattern(pattern));
  }

  /** The URL as logged when no credential route matched: `url` itself unless it looks like one. */
  redact(url: string): string {
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const redacted = redactLoosely(path, this.patterns);
    if (redacted === null) return url;
    return q < 0 ? redacted : `${redacted}?${REDACTED}`;
  }
}

/**
 * The credential-bearing paths the platform knows without an app: the invitation link
 * (`/invite/<token>`, the dashboard's page), the API call that accepts it and the portal link. For
 * log lines about a request that is not an app's (the app's own list is built from its routes).
 */
const KNOWN_CREDENTIAL_PATHS = [
  '/invite/:token',
  '/dashboard/api/invitations/:token/accept',
  '/portal/:token',
];
const knownCredentialRoutes = new CredentialRoutes(KNOWN_CREDENTIAL_PATHS);

/**
 * Invitation and portal-session tokens are bearer credentials in the path. Redacts a raw URL by the
 * known credential paths, read loosely (see `CredentialRoutes.redact`); query strings of those URLs
 * are dropped too. The access log redacts by the route a request matched instead (`logUrl`).
 */
export function redactUrl(url: string): string {
  return knownCredentialRoutes.redact(url);
}

const isCredentialRoute = (url: string, config: { redactUrl?: boolean } | undefined) =>
  config?.redactUrl ?? /(^|\/):token(\/|$)/.test(url);

/**
 * Collects the app's credential routes as they are registered (`config.redactUrl`, or a `:token`
 * parameter), so the access log redacts by route: whatever raw URL reached `/portal/:token`
 * (`/%70ortal/x` does: the router decodes it) is logged as `/portal/[redacted]`. Install before any
 * route is registered.
 */
export function installUrlRedaction(app: FastifyInstance): void {
  const routes = new CredentialRoutes();
  app.decorate('credentialRoutes', routes);
  app.addHook('onRoute', (route) => {
    if (!isCredentialRoute(route.url, route.config as { redactUrl?: boolean } | undefined)) return;
    routes.add(route.url);
    // The 405 answers installMethodNotAllowed adds for the same path are credential routes too.
    route.config = { ...(route.config as object), redactUrl: true };
  });
}

/**
 * The URL the log shows for a request: the route's pattern, redacted, when it matched a credential
 * route; otherwise the URL as sent, unless read loosely it falls under one (a 404 or the
 * dashboard's fallback page for `//invite/<token>`: the token is still a live credential).
 */
export function logUrl(request: FastifyRequest): string {
  const url = request.url;
  const routeOptions = (request as Partial<FastifyRequest>).routeOptions;
  const pattern = routeOptions?.url;
  if (pattern !== undefined && !request.is404 && routeOptions?.config?.redactUrl) {
    return url.includes('?') ? `${redactedPattern(pattern)}?${REDACTED}` : redactedPattern(pattern);
  }
  const routes = (request as Partial<FastifyRequest>).server?.credentialRoutes ?? knownCredentialRoutes;
  return routes.redact(url);
}

export function requestSerializer(request: FastifyRequest) {
  return { method: request.method, url: logUrl(request), remoteAddress: request.ip };
}
