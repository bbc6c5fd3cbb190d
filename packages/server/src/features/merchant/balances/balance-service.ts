import type { AppContext } from '../../../platform/context.js';
import { fieldError, notFound } from '../../../platform/http/errors.js';
import { findCurrency } from '../currencies.js';
import { formatUnits, trimZeros } from '../money/decimal.js';
import type { MerchantPageQuery } from '../wire/list.js';
import type { AccountTransactionList, CurrencyAccountList } from './balance.schemas.js';
import { currencyAccounts, findCurrencyAccount } from './currency-accounts.js';
import { balances, listLedgerRows, type LedgerFilter } from './ledger-store.js';
import { transactionObject } from './transaction-object.js';

/**
 * Every currency account of the merchant, zero balances included (they exist from signup on).
 * `project_id` is the Signet account: Cryptopay's project is what owns keys and balances.
 */
export async function listCurrencyAccounts(ctx: AppContext, accountId: string): Promise<CurrencyAccountList> {
  const held = await balances(ctx.db.kysely, accountId);
  const data = currencyAccounts(accountId).map((a) => ({
    id: a.id,
    currency: a.currency,
    balance: trimZeros(formatUnits(held.get(a.currency) ?? 0n, findCurrency(a.currency)?.precision ?? 0)),
    project_id: accountId,
  }));
  return { data, meta: { total: data.length, has_more: false } };
}

/** The merchant's movements narrowed by `filter`; an unknown cursor is a 422 on `starting_after`. */
export async function listTransactions(
  ctx: AppContext,
  accountId: string,
  filter: LedgerFilter,
  page: MerchantPageQuery,
): Promise<AccountTransactionList> {
  const found = await listLedgerRows(ctx.db.kysely, accountId, filter, page);
  if (!found)
    throw fieldError(
      'querystring.starting_after',
      'must be the id of a transaction in this list',
      'not_found',
    );
  return { data: found.rows.map(transactionObject), meta: { total: found.total, has_more: found.hasMore } };
}

/** `currencyAccountId` is one of the merchant's derived account ids; anything else is a 404. */
export async function listAccountTransactions(
  ctx: AppContext,
  accountId: string,
  currencyAccountId: string,
  page: MerchantPageQuery,
): Promise<AccountTransactionList> {
  const account = findCurrencyAccount(accountId, currencyAccountId);
  if (!account) throw notFound('account');
  return listTransactions(ctx, accountId, { currency: account.currency }, page);
}
