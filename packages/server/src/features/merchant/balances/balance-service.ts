import type { AppContext } from '../../../platform/context.js';
import type { PageRequest } from '../../../platform/db/paginate.js';
import { fieldError, notFound } from '../../../platform/http/errors.js';
import { findCurrency } from '../currencies.js';
import { formatUnits, trimZeros } from '../money/decimal.js';
import type { AccountTransaction, CurrencyAccountList, AccountTransactionList } from './balance.schemas.js';
import { currencyAccounts, findCurrencyAccount } from './currency-accounts.js';
import { balances, listLedgerRows, type LedgerRow } from './ledger-store.js';

/** Every currency account of the merchant, zero balances included (they exist from signup on). */
export async function listCurrencyAccounts(ctx: AppContext, accountId: string): Promise<CurrencyAccountList> {
  const held = await balances(ctx.db.kysely, accountId);
  const data = currencyAccounts(accountId).map((a) => ({
    id: a.id,
    currency: a.currency,
    balance: trimZeros(formatUnits(held.get(a.currency) ?? 0n, findCurrency(a.currency)?.precision ?? 0)),
  }));
  return { data, meta: { total: data.length } };
}

// Sandbox ledger entries are final the moment they are written.
const transactionObject = (r: LedgerRow): AccountTransaction => ({
  id: r.id,
  amount: r.amount,
  currency: r.currency,
  status: 'completed',
  reference_type: r.reference_type,
  reference_id: r.reference_id,
  description: r.description,
  created_at: r.created_at,
});

/** `currencyAccountId` is one of the merchant's derived account ids; anything else is a 404. */
export async function listAccountTransactions(
  ctx: AppContext,
  accountId: string,
  currencyAccountId: string,
  page: PageRequest,
): Promise<AccountTransactionList> {
  const account = findCurrencyAccount(accountId, currencyAccountId);
  if (!account) throw notFound('account');
  const found = await listLedgerRows(ctx.db.kysely, accountId, account.currency, page);
  if (!found)
    throw fieldError('querystring.starting_after', 'must be the id of a transaction of this account');
  return { data: found.rows.map(transactionObject), meta: { has_more: found.hasMore } };
}
