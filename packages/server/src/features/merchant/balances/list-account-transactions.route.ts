import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { uuidParams } from '../wire/ids.js';
import { merchantPageQuery } from '../wire/list.js';
import { listAccountTransactions } from './balance-service.js';
import { accountTransactionListResponse } from './balance.schemas.js';

export function listAccountTransactionsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/accounts/:account_id/transactions',
    {
      schema: {
        params: uuidParams('account_id'),
        querystring: merchantPageQuery,
        tags: ['merchant: accounts'],
        summary: 'Transactions of one currency account, newest first',
        response: { 200: accountTransactionListResponse },
      },
      config: { permission: 'accounts:read' },
    },
    async (request) =>
      listAccountTransactions(ctx, merchantAccountId(request), request.params.account_id, request.query),
  );
}
