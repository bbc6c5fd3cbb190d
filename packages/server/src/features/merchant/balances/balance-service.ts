import type { AppContext } from '../../../platform/context.js';
import { fieldError, notFound } from '../../../platform/http/errors.js';
import { findCurrency } from '../currencies.js';
import { formatUnits, trimZeros } from '../money/decimal.js';
import type { MerchantPageQuery } from '../wire/list.js';
import type { AccountTransactionList, CurrencyAccountList, TransactionListQuery } from './balance.schemas.js';
import { currencyAccounts, findCurrencyAccount } from './currency-accounts.js';
import { balances, listLedgerRows, type LedgerFilter } from './ledger-store.js';
import { parseTimeSpan } from './time-bounds.js';
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

/**
 * The merchant's movements narrowed by `filter`. A cursor that is not one of the merchant's
 * movements is a 422 on `starting_after` (detail code `not_found` [I]) — the same answer for
 * another merchant's id, so a cursor reveals nothing.
 */
export async function listTransactions(
  ctx: AppContext,
  accountId: string,
  filter: LedgerFilter,
  page: MerchantPageQuery,
): Promise<AccountTransactionList> {
  const found = await listLedgerRows(ctx.db.kysely, accountId, filter, page);
  if (!found)
    throw fieldError('querystring.starting_after', 'must be the id of one of your transactions', 'not_found');
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

/**
 * `GET /api/transactions` (§2.13): every movement of every currency account, each filter applied;
 * `meta.total` counts what the filters match. Time bounds are validated by the query schema.
 */
export async function listAllTransactions(
  ctx: AppContext,
  accountId: string,
  query: TransactionListQuery,
): Promise<AccountTransactionList> {
  const span = (text: string | undefined) =>
    text === undefined ? undefined : (parseTimeSpan(text) ?? undefined);
  const filter: LedgerFilter = {
    currency: query.currency,
    referenceType: query.reference_type,
    status: query.status,
    riskLevel: query.risk_level,
    createdFrom: span(query.created_at_from)?.from,
    createdTo: span(query.created_at_to)?.to,
  };
  return listTransactions(ctx, accountId, filter, {
    limit: query.limit,
    starting_after: query.starting_after,
  });
}
