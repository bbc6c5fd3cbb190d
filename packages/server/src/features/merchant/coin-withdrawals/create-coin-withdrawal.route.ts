import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { createCoinWithdrawalBody, coinWithdrawalResponse } from './coin-withdrawal.schemas.js';
import { createCoinWithdrawal } from './withdrawal-service.js';

export function createCoinWithdrawalRoute(app: ZodApp, ctx: AppContext) {
  app.post(
    '/coin_withdrawals',
    {
      schema: {
        body: createCoinWithdrawalBody,
        tags: ['merchant: coin withdrawals'],
        summary: 'Create a coin withdrawal (payout); without force_commit it must be committed within 30 s',
        response: { 201: coinWithdrawalResponse },
      },
      config: { permission: 'coin_withdrawals:write' },
    },
    async (request, reply) => {
      const data = await createCoinWithdrawal(ctx, merchantAccountId(request), request.body);
      return reply.code(201).send({ data });
    },
  );
}
