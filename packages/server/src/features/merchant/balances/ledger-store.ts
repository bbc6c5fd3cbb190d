import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Executor } from '../../../platform/db/database.js';
import { keysetPageWithTotal, type Page, type PageRequest } from '../../../platform/db/paginate.js';
import type { MerchantTransactionsTable } from '../tables.js';
import { findCurrency } from '../currencies.js';
import { formatUnits, parseUnits } from '../money/decimal.js';
import type { Risk } from '../wire/common-models.js';

/** What caused a movement (CRYPTOPAY-API.md §2.13 `reference_type`). */
export const REFERENCE_TYPES = [
  'BankDeposit',
  'BankWithdrawal',
  'ChannelPayment',
  'CoinDeposit',
  'CoinWithdrawal',
  'ExchangeTransfer',
  'Invoice',
  'InvoiceRefund',
  'ManualBalanceTransaction',
] as const;
export type ReferenceType = (typeof REFERENCE_TYPES)[number];

export interface LedgerEntry {
  accountId: string;
  currency: string;
  /** Signed units at the currency's precision: negative is a debit. */
  units: bigint;
  referenceType: ReferenceType;
  referenceId: string;
  description: string;
  /** When it happened, ISO; stored as `Date#toISOString()` whatever form it is given in. */
  at: string;
  /** The referenced object's status now (null where Cryptopay shows none, e.g. ExchangeTransfer). */
  status?: string | null;
  statusContext?: string | null;
  customId?: string | null;
  customerId?: string | null;
  /** The fee taken by this movement, in `fee.currency`'s units. */
  fee?: { units: bigint; currency: string } | null;
  risk?: Risk | null;
}

export type Posted = { ok: true; id: string; balance: bigint } | { ok: false; balance: bigint };

export function precisionOf(currency: string): number {
  const c = findCurrency(currency);
  if (!c) throw new Error(`no precision for ${currency}`);
  return c.precision;
}

/** A stored signed amount back in units. */
export function signedUnits(amount: string, currency: string): bigint {
  const negative = amount.startsWith('-');
  const parsed = parseUnits(negative ? amount.slice(1) : amount, precisionOf(currency));
  if (!parsed.ok) throw new Error(`bad ledger amount ${amount}`);
  return negative ? -parsed.units : parsed.units;
}

/**
 * Locks the merchant's ledger until the transaction ends. Every movement takes this lock before
 * it reads the balance, so concurrent debits on PostgreSQL are serialised per account and the
 * check "balance stays ≥ 0" cannot race (SQLite runs one write transaction at a time anyway).
 * A no-op update of the account row is the portable row lock.
 */
export async function lockLedger(db: Executor, accountId: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', accountId)
    .execute();
}

/** The balance after the newest movement of one currency account (zero when it has none). */
export async function currentBalance(db: Executor, accountId: string, currency: string): Promise<bigint> {
  const row = await db
    .selectFrom('merchant_transactions')
    .select(['balance', 'amount'])
    .where('account_id', '=', accountId)
    .where('currency', '=', currency)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.balance ? signedUnits(row.balance, currency) : 0n;
}

/**
 * Posts one movement under the ledger lock. A debit that would take the balance below zero writes
 * nothing and answers `{ok: false, balance}`; a credit always posts. Must run inside `tx`.
 */
export async function postLedgerEntry(db: Executor, entry: LedgerEntry): Promise<Posted> {
  await lockLedger(db, entry.accountId);
  const before = await currentBalance(db, entry.accountId, entry.currency);
  const after = before + entry.units;
  if (entry.units < 0n && after < 0n) return { ok: false, balance: before };
  const id = randomUUID();
  const precision = precisionOf(entry.currency);
  await db
    .insertInto('merchant_transactions')
    .values({
      id,
      account_id: entry.accountId,
      currency: entry.currency,
      amount: formatUnits(entry.units, precision),
      balance: formatUnits(after, precision),
      fee: entry.fee ? formatUnits(entry.fee.units, precisionOf(entry.fee.currency)) : null,
      fee_currency: entry.fee?.currency ?? null,
      custom_id: entry.customId ?? null,
      customer_id: entry.customerId ?? null,
      status: entry.status === undefined ? 'completed' : entry.status,
      status_context: entry.statusContext ?? null,
      risk: entry.risk ? JSON.stringify(entry.risk) : null,
      reference_type: entry.referenceType,
      reference_id: entry.referenceId,
      description: entry.description,
      // One fixed-width UTC form for every row: the created_at filters compare text.
      created_at: new Date(entry.at).toISOString(),
    })
    .execute();
  return { ok: true, id, balance: after };
}

/**
 * Keeps the movements of one object showing its current status (Cryptopay's Transaction.status is
 * "the status of the referenced object").
 */
export async function setLedgerStatus(
  db: Executor,
  accountId: string,
  referenceId: string,
  status: string | null,
  statusContext: string | null = null,
): Promise<void> {
  await db
    .updateTable('merchant_transactions')
    .set({ status, status_context: statusContext })
    .where('account_id', '=', accountId)
    .where('reference_id', '=', referenceId)
    .execute();
}

/** Balance per currency: the running balance of each currency account's newest movement. */
export async function balances(db: Executor, accountId: string): Promise<Map<string, bigint>> {
  const rows = await db
    .selectFrom('merchant_transactions as t')
    .select(['t.currency', 't.balance'])
    .where('t.account_id', '=', accountId)
    .where((eb) =>
      eb(
        't.seq',
        '=',
        eb
          .selectFrom('merchant_transactions as n')
          .select((n) => n.fn.max('n.seq').as('seq'))
          .whereRef('n.account_id', '=', 't.account_id')
          .whereRef('n.currency', '=', 't.currency'),
      ),
    )
    .execute();
  const out = new Map<string, bigint>();
  for (const r of rows) out.set(r.currency, r.balance ? signedUnits(r.balance, r.currency) : 0n);
  return out;
}

export type LedgerRow = Omit<Selectable<MerchantTransactionsTable>, 'seq' | 'account_id'>;

/** What a ledger page may be narrowed to (GET /api/transactions's filters, account transactions). */
export interface LedgerFilter {
  currency?: string | undefined;
  referenceType?: string | undefined;
  status?: string | undefined;
  riskLevel?: string | undefined;
  /** Inclusive bounds on created_at, in the stored form (`Date#toISOString()`, see time-bounds.ts). */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
}

/**
 * The merchant's movements, newest first (posting order), narrowed by `filter`, with the total
 * that matches. The cursor is any movement of the merchant's — not necessarily one the filter
 * still matches, so a page boundary survives its row changing status meanwhile [I]; null when
 * `starting_after` is not one of the merchant's movements (another merchant's id included).
 */
export async function listLedgerRows(
  db: Executor,
  accountId: string,
  filter: LedgerFilter,
  page: PageRequest,
): Promise<(Page<LedgerRow> & { total: number }) | null> {
  const base = () => {
    let q = db.selectFrom('merchant_transactions').where('account_id', '=', accountId);
    if (filter.currency !== undefined) q = q.where('currency', '=', filter.currency);
    if (filter.referenceType !== undefined) q = q.where('reference_type', '=', filter.referenceType);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom);
    if (filter.createdTo !== undefined) q = q.where('created_at', '<=', filter.createdTo);
    if (filter.riskLevel !== undefined) q = q.where('risk', 'like', `%"level":"${filter.riskLevel}"%`);
    return q;
  };
  const found = await keysetPageWithTotal(page, {
    list: base,
    cursors: () => db.selectFrom('merchant_transactions').where('account_id', '=', accountId),
    select: (q) => q.selectAll(),
  });
  if (!found) return null;
  const rows = found.rows.map(({ seq: _seq, account_id: _a, ...rest }) => rest);
  return { ...found, rows };
}
