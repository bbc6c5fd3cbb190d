import type { FastifyInstance } from 'fastify';
import type { Feature } from '../../platform/feature.js';
import { gatewayApi } from './gateway-api.js';
import { registerGatewayMetrics } from './gateway-metrics.js';
import { listApisRoute } from './list-apis.route.js';

/**
 * Gateway mode: the APIs of the config file (`apis`), each a mount proxied to its upstream behind
 * Signet's keys, with the config's permission catalogue. Also lists every API (the sandbox too)
 * for the dashboard's Integration page.
 */
export const gatewayFeature: Feature = {
  name: 'gateway',
  permissions: (config) =>
    config.apis.permissions.length > 0
      ? { source: `the config file ${config.apis.source}`, entries: config.apis.permissions }
      : null,
  metrics: registerGatewayMetrics,
  dashboardRoutes: [listApisRoute],
  plugin: (ctx) => async (app: FastifyInstance) => {
    for (const api of ctx.config.apis.gateways) await app.register(gatewayApi(ctx, api));
  },
};
