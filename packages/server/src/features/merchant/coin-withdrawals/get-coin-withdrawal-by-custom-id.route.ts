import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { customIdParams } from '../wire/ids.js';
import { coinWithdrawalResponse } from './coin-withdrawal.schemas.js';
import { getCoinWithdrawalByCustomId } from './withdrawal-service.js';

export function getCoinWithdrawalByCustomIdRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/coin_withdrawals/custom_id/:custom_id',
    {
      schema: {
        params: customIdParams,
        tags: ['merchant: coin withdrawals'],
        summary: 'One coin withdrawal, by the merchant’s custom_id',
        response: { 200: coinWithdrawalResponse },
      },
      config: { permission: 'coin_withdrawals:read' },
    },
    async (request) => ({
      data: await getCoinWithdrawalByCustomId(ctx, merchantAccountId(request), request.params.custom_id),
    }),
  );
}
