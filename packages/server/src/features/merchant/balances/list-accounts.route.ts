import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import { listCurrencyAccounts } from './balance-service.js';
import { currencyAccountListResponse } from './balance.schemas.js';

export function listAccountsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/accounts',
    {
      schema: {
        tags: ['merchant: accounts'],
        summary: 'The sandbox currency accounts and their balances',
        response: { 200: currencyAccountListResponse },
      },
      config: { permission: 'accounts:read' },
    },
    async (request) => listCurrencyAccounts(ctx, merchantAccountId(request)),
  );
}
