import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { idParams, pageQuery } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { listAccountTransactions } from './balance-service.js';
import { accountTransactionListResponse } from './balance.schemas.js';

export function listAccountTransactionsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/accounts/:id/transactions',
    {
      schema: {
        params: idParams,
        querystring: pageQuery,
        tags: ['merchant: accounts'],
        summary: 'Transactions of one currency account, newest first',
        response: { 200: accountTransactionListResponse },
      },
      config: { permission: 'transactions:read' },
    },
    async (request) =>
      listAccountTransactions(ctx, merchantAccountId(request), request.params.id, request.query),
  );
}
