import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What the response's Cache-Control is: `no-store` (the default: set on every response
     * Signet writes), `static` (the dashboard's hashed assets: @fastify/static's own) or
     * `upstream` (a gateway mount: the upstream's, untouched).
     */
    cacheControl?: 'no-store' | 'static' | 'upstream';
  }
}

/**
 * The policy the built dashboard satisfies (packages/web/test/security-headers.test.ts loads it in
 * Chromium with no violation): its one script and one stylesheet are files from this origin, there
 * is no inline script or style (React sets `style` through the CSSOM, which style-src does not
 * govern), the favicon is a data: URL, and every request goes to this origin.
 */
export function helmetOptions(publicUrl: string): HelmetOptions {
  const https = publicUrl.startsWith('https:');
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Over plain http (the sandbox at http://localhost) it would turn every asset into a failed https load.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // For browsers without frame-ancestors.
    frameguard: { action: 'deny' },
    // Invitation and portal links carry their token in the path: no page passes its URL on.
    referrerPolicy: { policy: 'no-referrer' },
    // Only where users reach Signet over https: on http it would be ignored or, worse, pin a name.
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // The rest are helmet's defaults: X-Content-Type-Options: nosniff, Cross-Origin-Opener-Policy
    // and -Resource-Policy same-origin, Origin-Agent-Cluster, X-DNS-Prefetch-Control: off, …
  };
}

/**
 * The headers helmet sets for these options. They depend on nothing in the request (no CSP
 * nonces), so helmet runs once, at start-up, and each response gets the same set: running it per
 * request (as @fastify/helmet does, even on the routes it skips) cost ~28 µs of CPU per gateway
 * request in the bench (docs/ARCHITECTURE.md, "Security headers").
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  // helmet's middlewares are synchronous; were one ever not, the set above would be incomplete.
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}

export interface SecurityHeaderOptions {
  publicUrl: string;
  /**
   * Gateway mounts: what is below them is the upstream's answer, whose headers Signet forwards as
   * they are (README, "Signet in front of your API"). Neither the security headers nor
   * Cache-Control touch them.
   */
  passThroughMounts: readonly string[];
  /** Hashed, immutable files of the dashboard (Vite's `assets/`): the only responses a cache may keep. */
  staticPrefix: string;
}

/**
 * Security headers (helmet's, computed once) on every response Signet writes, errors and 404s
 * included, and `Cache-Control: no-store` on all of them but the dashboard's hashed assets: API
 * keys' secrets, callback secrets, invitation and portal links, service-token answers and CSRF
 * tokens are all in responses, and listing which routes carry one is a list someone forgets to
 * extend. Install before any route is registered.
 */
export function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const headers = helmetHeaders(helmetOptions(options.publicUrl));
  const under = (url: string, mount: string) => url === mount || url.startsWith(`${mount}/`);
  app.addHook('onRoute', (route) => {
    const config = route.config as { cacheControl?: string } | undefined;
    if (options.passThroughMounts.some((mount) => under(route.url, mount)))
      route.config = { ...config, cacheControl: 'upstream' };
    else if (config?.cacheControl === undefined && route.url.startsWith(options.staticPrefix))
      route.config = { ...config, cacheControl: 'static' };
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const cacheControl = request.is404 ? undefined : request.routeOptions.config.cacheControl;
    if (cacheControl !== 'upstream') {
      reply.headers(headers);
      if (cacheControl !== 'static') reply.header('cache-control', 'no-store');
    }
    done(null, payload);
  });
}
