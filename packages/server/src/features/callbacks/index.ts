import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import type { Feature } from '../../platform/feature.js';
import { callbackMetricsOf, registerCallbackMetrics } from './callback-metrics.js';
import { callbacksMigration } from './callbacks.migration.js';
import { createAddressPolicy, createCallbackAgent } from './delivery/index.js';
import { callbackHistoryRoutes } from './deliveries/history.routes.js';
import { platformEventRoutes } from './events/publish-event.route.js';
import { CALLBACKS_ENQUEUED } from './outbox/wake.js';
import { platformEventsMigration } from './platform-events.migration.js';
import { callbackSettingsRoutes } from './settings/settings.routes.js';
import './tables.js';
import { CallbackWorker } from './worker/callback-worker.js';

export { enqueueCallback, type CallbackEvent } from './outbox/enqueue.js';

/** Builds the worker `signet serve` and `signet worker` run, with the SSRF-checked agent. */
export function createWorker(ctx: AppContext, log?: Pick<FastifyInstance['log'], 'error'>): CallbackWorker {
  const dispatcher = createCallbackAgent({ policy: createAddressPolicy(ctx.config.callbackAllowNetworks) });
  return new CallbackWorker(ctx, {
    dispatcher,
    concurrency: ctx.config.workerConcurrency,
    metrics: callbackMetricsOf(ctx.metrics),
    onError: (err) =>
      log?.error({ err: err instanceof Error ? err.message : String(err) }, 'callback worker error'),
  });
}

export const callbacksFeature: Feature = {
  name: 'callbacks',
  migrations: { '004_callbacks': callbacksMigration, '008_platform_events': platformEventsMigration },
  dashboardRoutes: [callbackSettingsRoutes, callbackHistoryRoutes],
  // POST /platform/v1/accounts/{id}/events (scope events:write): the operator's own events.
  platformRoutes: [platformEventRoutes],
  metrics: registerCallbackMetrics,
  async background(ctx, log) {
    const worker = createWorker(ctx, log);
    const unsubscribe = ctx.signals.on(CALLBACKS_ENQUEUED, () => worker.wake());
    worker.start();
    return async () => {
      unsubscribe();
      await worker.stop();
    };
  },
};

// For embedding and the benchmarks (src/index.ts).
export { CallbackWorker } from './worker/callback-worker.js';
export { createAddressPolicy, createCallbackAgent } from './delivery/index.js';
