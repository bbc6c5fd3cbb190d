import type { Feature } from '../../platform/feature.js';
import { callbacksMigration } from './callbacks.migration.js';
import './tables.js';
import type { AppContext } from '../../platform/context.js';
import type { FastifyInstance } from 'fastify';
import { createCallbackMetrics, type CallbackMetrics } from './callback-metrics.js';
import { createAddressPolicy, createCallbackAgent } from './delivery/index.js';
import { callbackHistoryRoutes } from './deliveries/history.routes.js';
import { CALLBACKS_ENQUEUED } from './outbox/wake.js';
import { callbackSettingsRoutes } from './settings/settings.routes.js';
import { CallbackWorker } from './worker/callback-worker.js';

const metricsOf = new WeakMap<AppContext, CallbackMetrics>();

/** Builds the worker `signet serve` and `signet worker` run, with the SSRF-checked agent. */
export function createWorker(ctx: AppContext, log?: Pick<FastifyInstance['log'], 'error'>): CallbackWorker {
  const dispatcher = createCallbackAgent({ policy: createAddressPolicy(ctx.config.callbackAllowNetworks) });
  return new CallbackWorker(ctx, {
    dispatcher,
    concurrency: ctx.config.workerConcurrency,
    metrics: metricsOf.get(ctx),
    onError: (err) =>
      log?.error({ err: err instanceof Error ? err.message : String(err) }, 'callback worker error'),
  });
}

export const callbacksFeature: Feature = {
  name: 'callbacks',
  migrations: { '004_callbacks': callbacksMigration },
  dashboardRoutes: [callbackSettingsRoutes, callbackHistoryRoutes],
  plugin: (ctx) => async () => {
    if (!metricsOf.has(ctx)) metricsOf.set(ctx, createCallbackMetrics(ctx, ctx.metrics));
  },
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
