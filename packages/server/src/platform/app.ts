import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { TrustProxy } from './config.js';
import type { AppContext } from './context.js';
import type { Feature } from './feature.js';
import type { ZodApp } from './http/zod-app.js';
import { clientErrorHandler, frameworkErrorHandler } from './http/client-error.js';
import { capConnectionsPerIp, timeoutOptions } from './http/connections.js';
import { installErrorHandling } from './http/error-handler.js';
import { envelope } from './http/errors.js';
import { installUrlRedaction } from './http/logging.js';
import {
  installAccessLog,
  installJsonParser,
  installMethodNotAllowed,
  installRequestId,
  newRequestId,
} from './http/request-plumbing.js';
import { installSecurityHeaders } from './http/security-headers.js';

export interface AppOptions {
  /** What the server runs; the composition root (src/features.ts) passes the full list. */
  features: readonly Feature[];
  /** Start features' background work (the callback worker) with the server. */
  startBackground?: boolean;
  webDist?: string | null;
}

/** Where the platform API (service tokens) lives. */
export const PLATFORM_PREFIX = '/platform/v1';

const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));
/** Paths whose unknown routes answer the JSON envelope rather than the dashboard's index.html. */
function apiPrefixes(ctx: AppContext): string[] {
  const { cryptopaySandbox, gateways } = ctx.config.apis;
  // The sandbox's mount even when it is turned off: a client calling it gets an envelope, not a page.
  const mounts = [cryptopaySandbox.mount, ...gateways.map((g) => g.mount)];
  return ['/dashboard/api', PLATFORM_PREFIX, ...mounts].map((m) => `${m}/`);
}

/** A hop count trusts that many proxies nearest the server; Fastify takes that as a function. */
function trustProxyOption(
  value: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

export async function buildApp(ctx: AppContext, options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    genReqId: newRequestId,
    // Fastify's own request lines are off: installAccessLog writes one line per request.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    bodyLimit: ctx.config.bodyLimitBytes,
    // Slow clients: bounded header, body and idle time (a stalled body gets 408 and is closed).
    ...timeoutOptions(ctx.config.timeouts),
    // Signatures cover the path exactly as sent, so the router must not rewrite it.
    routerOptions: { ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, maxParamLength: 200 },
    return503OnClosing: true,
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
  });
  capConnectionsPerIp(app.server, ctx.config.maxConnectionsPerIp, ctx.config.trustProxy, app.log);
  // Both before any route is registered: they mark routes as they are added.
  installUrlRedaction(app);
  installSecurityHeaders(app, {
    publicUrl: ctx.config.publicUrl,
    passThroughMounts: ctx.config.apis.gateways.map((g) => g.mount),
    staticPrefix: '/assets/',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);
  installRequestId(app);
  installAccessLog(app);
  installJsonParser(app);
  const finishMethodNotAllowed = installMethodNotAllowed(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Signet', version: '0.1.0', description: 'Self-hosted API credentials and callbacks' },
    },
    transform: jsonSchemaTransform,
  });

  app.get('/healthz', { config: { access: 'public' } }, async (_request, reply) => {
    try {
      await ctx.db.kysely.selectFrom('accounts').select('id').limit(1).execute();
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'database_unavailable' });
    }
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.type(ctx.metrics.contentType).send(await ctx.metrics.metrics()),
  );
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  const features = options.features;
  const guards = features.flatMap((f) => (f.dashboardGuard ? [f.dashboardGuard] : []));
  if (guards.length !== 1)
    throw new Error(`exactly one feature must guard /dashboard/api (found ${guards.length})`);
  await app.register(
    async (dashboard) => {
      // Only the dashboard reads cookies (its session); the HMAC-authenticated APIs never parse them.
      await dashboard.register(cookie);
      guards[0]!(dashboard, ctx);
      const zapp = dashboard as unknown as ZodApp;
      for (const register of features.flatMap((f) => f.dashboardRoutes ?? [])) register(zapp, ctx);
    },
    { prefix: '/dashboard/api' },
  );
  for (const feature of features) if (feature.plugin) await app.register(feature.plugin(ctx));

  // After the plugins: the guard reads per-app state (its token cache) a feature's plugin decorates.
  const platformGuards = features.flatMap((f) => (f.platformGuard ? [f.platformGuard] : []));
  if (platformGuards.length > 1)
    throw new Error(`at most one feature may guard ${PLATFORM_PREFIX} (found ${platformGuards.length})`);
  // Without a guard (a test's reduced feature list) the scope is not mounted at all: never open.
  if (platformGuards.length === 1) {
    const platformRoutes = features.flatMap((f) => f.platformRoutes ?? []);
    await app.register(
      async (platform) => {
        platformGuards[0]!(platform, ctx);
        const zapp = platform as unknown as ZodApp;
        for (const register of platformRoutes) register(zapp, ctx);
      },
      { prefix: PLATFORM_PREFIX },
    );
  }

  const webDist = options.webDist === undefined ? DEFAULT_WEB_DIST : options.webDist;
  const hasWeb = webDist !== null && fs.existsSync(`${webDist}/index.html`);
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: 'index.html' });
  // The invitation link is a dashboard page whose path is a credential: a route of its own, so the
  // log shows `/invite/[redacted]` however the URL was spelled (`/%69nvite/…` reaches it too).
  app.get(
    '/invite/:token',
    { config: { access: 'public', redactUrl: true }, schema: { hide: true } },
    async (request, reply) =>
      hasWeb
        ? reply.sendFile('index.html')
        : reply.code(404).send(envelope(request.id, 'not_found', 'no route for GET /invite')),
  );

  const prefixes = apiPrefixes(ctx);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isApi = prefixes.some((p) => path.startsWith(p) || path === p.slice(0, -1));
    // Client-side routes of the dashboard (e.g. /integration/api after a reload) load the app.
    if (hasWeb && !isApi && (request.method === 'GET' || request.method === 'HEAD'))
      return reply.sendFile('index.html');
    return reply.code(404).send(envelope(request.id, 'not_found', `no route for ${request.method} ${path}`));
  });

  await app.after();
  finishMethodNotAllowed();

  const stops: (() => Promise<void>)[] = [];
  // Other instances' committed changes (PostgreSQL notifications) relayed into ctx.signals.
  app.addHook('onReady', async () => {
    try {
      const listener = await ctx.db.capabilities.listen(ctx.signals, app.log);
      stops.push(() => listener.close());
    } catch (err) {
      // Without notifications the caches' bounded staleness still applies; serve rather than fail.
      app.log.error({ err }, 'could not listen for changes made by other instances');
    }
  });
  if (options.startBackground) {
    app.addHook('onReady', async () => {
      for (const feature of features)
        if (feature.background) stops.push(await feature.background(ctx, app.log));
    });
  }
  // One hook, so the order is certain: background work stops before the database closes.
  app.addHook('onClose', async () => {
    await Promise.all(stops.map((stop) => stop()));
    await ctx.db.close();
  });
  return app;
}
