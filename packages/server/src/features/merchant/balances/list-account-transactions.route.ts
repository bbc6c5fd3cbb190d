import type { AppContext } from '../../../platform/context.js';
import { notFound } from '../../../platform/http/errors.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { merchantAccountId } from '../merchant-request.js';
import {
  idParams as resourceIdParams,
  pageQuery as resourcePageQuery,
} from '../../../platform/http/zod-app.js';
import { findCurrencyAccount } from './currency-accounts.js';
import { listLedgerRows } from './ledger.js';

export function listAccountTransactionsRoute(app: ZodApp, ctx: AppContext) {
  app.get(
    '/accounts/:id/transactions',
    {
      schema: {
        params: resourceIdParams,
        querystring: resourcePageQuery,
        tags: ['merchant: accounts'],
        summary: 'Transactions of one currency account, newest first',
      },
      config: { permission: 'transactions:read' },
    },
    async (request) => {
      const accountId = merchantAccountId(request);
      const account = findCurrencyAccount(accountId, request.params.id);
      if (!account) throw notFound('account');
      const { rows, hasMore } = await listLedgerRows(
        ctx.db.kysely,
        accountId,
        account.currency,
        request.query,
      );
      return {
        data: rows.map((r) => ({
          id: r.id,
          amount: r.amount,
          currency: r.currency,
          status: 'completed',
          reference_type: r.reference_type,
          reference_id: r.reference_id,
          description: r.description,
          created_at: r.created_at,
        })),
        meta: { has_more: hasMore },
      };
    },
  );
}
