import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { sessionOf } from '../../sessions/index.js';
import { actorOf } from '../../users/index.js';
import { uuidParams } from '../wire/ids.js';
import {
  coinWithdrawalListQuery,
  coinWithdrawalListResponse,
  coinWithdrawalResponse,
  simulateCoinWithdrawalBody,
} from './coin-withdrawal.schemas.js';
import { listCoinWithdrawals, simulateCoinWithdrawal } from './withdrawal-service.js';

const tags = ['sandbox'];

/**
 * The dashboard's sandbox payout tools: the account's withdrawals, and moving one as the network
 * would (confirm, fail, cancel, hold). Not registered at all in production mode.
 */
export function sandboxCoinWithdrawalRoutes(app: ZodApp, ctx: AppContext) {
  if (ctx.config.mode !== 'sandbox') return;

  app.get(
    '/sandbox/coin-withdrawals',
    {
      schema: {
        querystring: coinWithdrawalListQuery,
        tags,
        summary: "The account's coin withdrawals, newest first",
        response: { 200: coinWithdrawalListResponse },
      },
      config: { access: 'sandbox.read' },
    },
    async (request) => listCoinWithdrawals(ctx, sessionOf(request).account.id, request.query),
  );

  app.post(
    '/sandbox/coin-withdrawals/:id/simulate',
    {
      schema: {
        params: uuidParams('id'),
        body: simulateCoinWithdrawalBody,
        tags,
        summary: 'Move a coin withdrawal through its states; each status_changed callback is sent',
        response: { 200: coinWithdrawalResponse },
      },
      config: { access: 'sandbox.simulate' },
    },
    async (request) => {
      const { accountId, actor, ip } = actorOf(request);
      return {
        data: await simulateCoinWithdrawal(ctx, accountId, request.params.id, request.body.status, {
          actor,
          ip,
        }),
      };
    },
  );
}
