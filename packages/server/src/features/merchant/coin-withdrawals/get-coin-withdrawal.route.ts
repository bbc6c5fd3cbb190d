import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { uuidParams } from '../wire/ids.js';
import { coinWithdrawalResponse } from './coin-withdrawal.schemas.js';
import { getCoinWithdrawal } from './withdrawal-service.js';

export function getCoinWithdrawalRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/coin_withdrawals/:coin_withdrawal_id',
    {
      schema: {
        params: uuidParams('coin_withdrawal_id'),
        tags: ['merchant: coin withdrawals'],
        summary: 'One coin withdrawal',
        response: { 200: coinWithdrawalResponse },
      },
      config: { permission: 'coin_withdrawals:read' },
    },
    async (request) => ({
      data: await getCoinWithdrawal(ctx, merchantAccountId(request), request.params.coin_withdrawal_id),
    }),
  );
}
