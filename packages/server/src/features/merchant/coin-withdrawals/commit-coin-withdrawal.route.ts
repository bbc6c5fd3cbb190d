import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { uuidParams } from '../wire/ids.js';
import { coinWithdrawalResponse } from './coin-withdrawal.schemas.js';
import { commitCoinWithdrawal } from './withdrawal-service.js';

export function commitCoinWithdrawalRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/coin_withdrawals/:coin_withdrawal_id/commit',
    {
      schema: {
        params: uuidParams('coin_withdrawal_id'),
        tags: ['merchant: coin withdrawals'],
        summary: 'Commit a new coin withdrawal (within 30 s of its creation); no body',
        response: { 200: coinWithdrawalResponse },
      },
      config: { permission: 'coin_withdrawals:write' },
    },
    async (request) => ({
      data: await commitCoinWithdrawal(ctx, merchantAccountId(request), request.params.coin_withdrawal_id),
    }),
  );
}
