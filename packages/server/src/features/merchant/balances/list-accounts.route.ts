import type { AppContext } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { findCurrency } from '../currencies.js';
import { merchantAccountId } from '../merchant-request.js';
import { formatUnits, trimZeros } from '../money/decimal.js';
import { currencyAccounts } from './currency-accounts.js';
import { balances } from './ledger.js';

export function listAccountsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/accounts',
    {
      schema: { tags: ['merchant: accounts'], summary: 'The sandbox currency accounts and their balances' },
      config: { permission: 'accounts:read' },
    },
    async (request) => {
      const accountId = merchantAccountId(request);
      const held = await balances(ctx.db.kysely, accountId);
      const data = currencyAccounts(accountId).map((a) => ({
        id: a.id,
        currency: a.currency,
        balance: trimZeros(formatUnits(held.get(a.currency) ?? 0n, findCurrency(a.currency)?.precision ?? 0)),
      }));
      return { data, meta: { total: data.length } };
    },
  );
}
