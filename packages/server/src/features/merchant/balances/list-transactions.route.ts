import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { listAllTransactions } from './balance-service.js';
import { accountTransactionListResponse, transactionListQuery } from './balance.schemas.js';

export function listTransactionsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/transactions',
    {
      schema: {
        querystring: transactionListQuery,
        tags: ['merchant: transactions'],
        summary: 'Every movement of every currency account, newest first, with the filters applied',
        response: { 200: accountTransactionListResponse },
      },
      config: { permission: 'transactions:read' },
    },
    async (request) => listAllTransactions(ctx, merchantAccountId(request), request.query),
  );
}
