import Fastify, { LogController } from 'fastify';
import type { AppContext } from './context.js';
import type { Feature } from './feature.js';

/**
 * `signet worker`: every feature's background work on the core context, plus a small HTTP
 * listener for `/metrics` and `/healthz` (SIGNET_WORKER_METRICS_PORT), so a worker running apart
 * from the server is observed the same way. SIGTERM stops the work, then closes the database.
 */
export async function serveWorker(ctx: AppContext, features: readonly Feature[]): Promise<void> {
  const stops: (() => Promise<void>)[] = [];
  for (const feature of features) if (feature.background) stops.push(await feature.background(ctx, ctx.log));

  // The worker's tiny server (metrics, health) logs no request lines.
  const http = Fastify({
    loggerInstance: ctx.log,
    logController: new LogController({ disableRequestLogging: true }),
  });
  http.get('/metrics', async (_request, reply) =>
    reply.type(ctx.metrics.contentType).send(await ctx.metrics.metrics()),
  );
  http.get('/healthz', async () => ({ status: 'ok' }));
  const port = ctx.config.workerMetricsPort;
  if (port !== null) await http.listen({ port, host: ctx.config.host });
  ctx.log.info({ concurrency: ctx.config.workerConcurrency, metricsPort: port }, 'worker started');

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await http.close();
    await Promise.all(stops.map((stop) => stop()));
    await ctx.db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}
