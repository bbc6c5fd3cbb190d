import { Counter, Histogram, type Registry } from 'prom-client';
import type { AppContext } from '../../platform/context.js';

export interface GatewayMetrics {
  /** By API, route rule (`GET /orders/*`, or `unmatched`) and status class (`2xx` … `5xx`). */
  requests: Counter<'api' | 'rule' | 'status_class'>;
  /** By API and the envelope's `details[0].reason` (bad_signature, permission_denied, …). */
  authFailures: Counter<'api' | 'reason'>;
  /** From forwarding to the upstream's response headers. */
  upstreamLatency: Histogram<'api' | 'rule'>;
  /** `unreachable` (answered 502) or `timeout` (504). */
  upstreamErrors: Counter<'api' | 'kind'>;
}

const NAMES = {
  requests: 'signet_gateway_requests_total',
  authFailures: 'signet_gateway_auth_failures_total',
  upstreamLatency: 'signet_gateway_upstream_duration_seconds',
  upstreamErrors: 'signet_gateway_upstream_errors_total',
} as const;

/** Registered once per context by the feature's `metrics` hook; every app of the context shares them. */
export function registerGatewayMetrics(ctx: AppContext): void {
  const registers = [ctx.metrics];
  new Counter({
    name: NAMES.requests,
    help: 'Gateway requests by API, route rule and status class',
    labelNames: ['api', 'rule', 'status_class'] as const,
    registers,
  });
  new Counter({
    name: NAMES.authFailures,
    help: 'Gateway requests refused by authentication or authorisation, by reason',
    labelNames: ['api', 'reason'] as const,
    registers,
  });
  new Histogram({
    name: NAMES.upstreamLatency,
    help: 'Time from forwarding a request to the upstream until its response headers arrived',
    labelNames: ['api', 'rule'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  new Counter({
    name: NAMES.upstreamErrors,
    help: 'Upstream failures: unreachable (502) or no answer within the timeout (504)',
    labelNames: ['api', 'kind'] as const,
    registers,
  });
}

export function gatewayMetricsOf(registry: Registry): GatewayMetrics {
  const found = Object.fromEntries(
    Object.entries(NAMES).map(([field, name]) => [field, registry.getSingleMetric(name)]),
  );
  if (Object.values(found).some((m) => m === undefined))
    throw new Error(
      'gateway metrics are not registered on this context (the gateway feature registers them)',
    );
  return found as unknown as GatewayMetrics;
}
