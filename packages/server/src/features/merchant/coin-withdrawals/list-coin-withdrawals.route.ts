import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { coinWithdrawalListQuery, coinWithdrawalListResponse } from './coin-withdrawal.schemas.js';
import { listCoinWithdrawals } from './withdrawal-service.js';

export function listCoinWithdrawalsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/coin_withdrawals',
    {
      schema: {
        querystring: coinWithdrawalListQuery,
        tags: ['merchant: coin withdrawals'],
        summary: 'Coin withdrawals, newest first (filter: customer_id)',
        response: { 200: coinWithdrawalListResponse },
      },
      config: { permission: 'coin_withdrawals:read' },
    },
    async (request) => listCoinWithdrawals(ctx, merchantAccountId(request), request.query),
  );
}
