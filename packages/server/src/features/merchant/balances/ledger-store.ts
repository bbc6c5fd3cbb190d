import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import { keysetPage, type Page, type PageRequest } from '../../../platform/db/paginate.js';
import type { MerchantTransactionsTable } from '../tables.js';
import { findCurrency } from '../currencies.js';
import { formatUnits, parseUnits } from '../money/decimal.js';

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

/**
 * One currency's ledger, newest first. Null when `starting_after` is not a transaction of that
 * currency account.
 */
export function listLedgerRows(
  db: Executor,
  accountId: string,
  currency: string,
  page: PageRequest,
): Promise<Page<LedgerRow> | null> {
  return keysetPage(
    page,
    async (cursor) => {
      const row = await db
        .selectFrom('merchant_transactions')
        .select('seq')
        .where('account_id', '=', accountId)
        .where('currency', '=', currency)
        .where('id', '=', cursor)
        .executeTakeFirst();
      return row?.seq;
    },
    (before, limit) => {
      let query = db
        .selectFrom('merchant_transactions')
        .select(['id', 'currency', 'amount', 'reference_type', 'reference_id', 'description', 'created_at'])
        .where('account_id', '=', accountId)
        .where('currency', '=', currency)
        .orderBy('seq', 'desc')
        .limit(limit);
      if (before !== undefined) query = query.where('seq', '<', before);
      return query.execute();
    },
  );
}
