import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/database.js';
import type { MerchantTransactionsTable } from '../tables.js';
import { fieldError } from '../../../platform/http/errors.js';
import { findCurrency } from '../currencies.js';
import { formatUnits, parseUnits } from '../money/decimal.js';

type Executor = Kysely<Database> | Transaction<Database>;

export interface LedgerEntry {
  accountId: string;
  currency: string;
  /** Signed units at the currency's precision. */
  units: bigint;
  referenceType: string;
  referenceId: string;
  description: string;
  at: string;
}

function precisionOf(currency: string): number {
  const c = findCurrency(currency);
  if (!c) throw new Error(`no precision for ${currency}`);
  return c.precision;
}

export async function recordLedgerEntry(db: Executor, entry: LedgerEntry): Promise<void> {
  await db
    .insertInto('merchant_transactions')
    .values({
      id: randomUUID(),
      account_id: entry.accountId,
      currency: entry.currency,
      amount: formatUnits(entry.units, precisionOf(entry.currency)),
      reference_type: entry.referenceType,
      reference_id: entry.referenceId,
      description: entry.description,
      created_at: entry.at,
    })
    .execute();
}

/** A stored signed amount back in units. */
export function signedUnits(amount: string, currency: string): bigint {
  const negative = amount.startsWith('-');
  const parsed = parseUnits(negative ? amount.slice(1) : amount, precisionOf(currency));
  if (!parsed.ok) throw new Error(`bad ledger amount ${amount}`);
  return negative ? -parsed.units : parsed.units;
}

/**
 * Balance per currency, summed exactly in BigInt. Sandbox ledgers are small, so summing in the
 * process beats a dialect-specific numeric cast of text columns.
 */
export async function balances(db: Executor, accountId: string): Promise<Map<string, bigint>> {
  const rows = await db
    .selectFrom('merchant_transactions')
    .select(['currency', 'amount'])
    .where('account_id', '=', accountId)
    .execute();
  const out = new Map<string, bigint>();
  for (const r of rows) out.set(r.currency, (out.get(r.currency) ?? 0n) + signedUnits(r.amount, r.currency));
  return out;
}

export type LedgerRow = Omit<Selectable<MerchantTransactionsTable>, 'seq' | 'account_id'>;

export async function listLedgerRows(
  db: Executor,
  accountId: string,
  currency: string,
  page: { limit: number; starting_after?: string | undefined },
): Promise<{ rows: LedgerRow[]; hasMore: boolean }> {
  let query = db
    .selectFrom('merchant_transactions')
    .select(['id', 'currency', 'amount', 'reference_type', 'reference_id', 'description', 'created_at'])
    .where('account_id', '=', accountId)
    .where('currency', '=', currency)
    .orderBy('seq', 'desc')
    .limit(page.limit + 1);
  if (page.starting_after !== undefined) {
    const cursor = await db
      .selectFrom('merchant_transactions')
      .select('seq')
      .where('account_id', '=', accountId)
      .where('currency', '=', currency)
      .where('id', '=', page.starting_after)
      .executeTakeFirst();
    if (!cursor)
      throw fieldError('querystring.starting_after', 'must be the id of a transaction of this account');
    query = query.where('seq', '<', cursor.seq);
  }
  const rows = await query.execute();
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}
