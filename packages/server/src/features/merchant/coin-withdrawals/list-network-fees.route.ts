import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { networkFeeListResponse, networkFeesQuery } from './coin-withdrawal.schemas.js';
import { networkFeeTable } from './network-fees.js';

export function listNetworkFeesRoute(app: ZodApp, _ctx: AppContext) {
  app.get(
    '/coin_withdrawals/network_fees',
    {
      schema: {
        querystring: networkFeesQuery,
        tags: ['merchant: coin withdrawals'],
        summary: 'Network fees per level (default networks, or every network with all_networks=true)',
        response: { 200: networkFeeListResponse },
      },
      config: { permission: 'coin_withdrawals:read' },
    },
    async (request) => ({ data: networkFeeTable(request.query.all_networks) }),
  );
}
