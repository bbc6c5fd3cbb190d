import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AppContext } from '../../platform/context.js';

export interface CallbackMetrics {
  deliveries: Counter<'outcome'>;
  latency: Histogram;
}

const DELIVERIES = 'signet_callback_deliveries_total';
const LATENCY = 'signet_callback_delivery_duration_seconds';

/**
 * The worker's instruments, found on the context's registry where `registerCallbackMetrics` put
 * them (the feature's `metrics` hook, once per context); undefined when the callbacks feature's
 * metrics were not registered (a test app without it), and the worker then counts nothing.
 */
export function callbackMetricsOf(registry: Registry): CallbackMetrics | undefined {
  const deliveries = registry.getSingleMetric(DELIVERIES);
  const latency = registry.getSingleMetric(LATENCY);
  if (!(deliveries instanceof Counter) || !(latency instanceof Histogram)) return undefined;
  return { deliveries: deliveries as Counter<'outcome'>, latency };
}

/**
 * Delivery counters and latency, plus queue gauges read from the outbox when scraped, registered
 * on `ctx.metrics`: served by `signet serve` and by `signet worker` alike.
 */
export function registerCallbackMetrics(ctx: AppContext): void {
  const registry = ctx.metrics;
  new Counter({
    name: DELIVERIES,
    help: 'Callback delivery attempts by outcome (delivered, retry_scheduled, gave_up, not_sent)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  new Histogram({
    name: LATENCY,
    help: 'Time from connect to the end of the response excerpt, per attempt',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'signet_callback_queue_depth',
    help: 'Callbacks waiting to be delivered (pending)',
    registers: [registry],
    async collect() {
      const row = await ctx.db.kysely
        .selectFrom('callbacks')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      this.set(Number(row.n));
    },
  });
  new Gauge({
    name: 'signet_callback_oldest_pending_age_seconds',
    help: 'Age of the oldest pending callback (0 when none)',
    registers: [registry],
    async collect() {
      const row = await ctx.db.kysely
        .selectFrom('callbacks')
        .select(({ fn }) => fn.min('created_at').as('oldest'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      const oldest = row?.oldest ? Date.parse(String(row.oldest)) : NaN;
      this.set(Number.isNaN(oldest) ? 0 : Math.max(0, (ctx.now().getTime() - oldest) / 1000));
    },
  });
}
