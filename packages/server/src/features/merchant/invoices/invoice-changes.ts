import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/tx.js';
import { conflict, fieldError, notFound } from '../../../platform/http/errors.js';
import { lockLedger, postLedgerEntry, setLedgerStatus } from '../balances/ledger-store.js';
import { findCoin, findCurrency, type Coin } from '../currencies.js';
import { parseUnits } from '../money/decimal.js';
import { emitInvoiceEvent } from './invoice-events.js';
import {
  invoiceObject,
  riskOf,
  withPaymentState,
  type InvoiceObject,
  type InvoiceRow,
} from './invoice-object.js';
import { settlementUnits } from './invoice-settlement.js';
import type { InvoiceEventName, TransitionStep } from './invoice-state.js';
import { findInvoiceRow, updateInvoiceRow } from './invoice-store.js';

/**
 * The one way an existing invoice changes (payments, refunds, recalculations, simulations): read it
 * under the account's ledger lock, plan with the pure lifecycle, then `applyInvoiceChange` writes
 * the row, one callback per event (each with the invoice as it stood then) and the ledger, all in
 * the caller's transaction — so a refusal or a failure anywhere leaves nothing behind.
 */

export const render = (ctx: AppContext, row: InvoiceRow): InvoiceObject =>
  invoiceObject(row, ctx.config.publicUrl);

/**
 * The invoice, read after taking the account's ledger lock: every change to an account's invoices
 * and balances is serialised (PostgreSQL; SQLite has one writer anyway), so the state planned from
 * is the state written over.
 */
export async function lockedInvoice(t: Tx, accountId: string, id: string): Promise<InvoiceRow> {
  await lockLedger(t.db, accountId);
  const row = await findInvoiceRow(t.db, accountId, id);
  if (!row) throw notFound('invoice');
  return row;
}

export function payCoinOf(row: InvoiceRow): Coin {
  const coin = findCoin(row.pay_currency);
  if (!coin) throw new Error(`invoice ${row.id} has unknown pay currency ${row.pay_currency}`);
  return coin;
}

export function precisionOf(currency: string): number {
  const c = findCurrency(currency);
  if (!c) throw new Error(`unknown currency ${currency}`);
  return c.precision;
}

/** A transition the lifecycle forbids from the invoice's current state (§1.7 [I]). */
export function invalidState(target: string, message: string, row: InvoiceRow) {
  return fieldError(target, message, 'invalid_state', {
    status: row.status,
    ...(row.status_context ? { status_context: row.status_context } : {}),
  });
}

export interface InvoiceChange {
  /** The row as read under the lock. */
  read: InvoiceRow;
  /** The row to write: the final step's state plus any amounts the change replaces. */
  next: InvoiceRow;
  events: { event: InvoiceEventName; row: InvoiceRow }[];
}

/**
 * A change from planned steps: each event's row is `base` (the read row with `extra` columns, e.g.
 * a recalculation's amounts) with that step's payment state.
 */
export function changeOf(
  read: InvoiceRow,
  steps: readonly TransitionStep[],
  at: string,
  extra: Partial<InvoiceRow> = {},
): InvoiceChange {
  const base: InvoiceRow = { ...read, ...extra, updated_at: at };
  const events = steps.map((s) => ({ event: s.event, row: withPaymentState(base, s.state) }));
  const last = events[events.length - 1];
  return { read, next: last ? last.row : base, events };
}

export async function applyInvoiceChange(
  ctx: AppContext,
  t: Tx,
  change: InvoiceChange,
): Promise<InvoiceObject> {
  const { read, next } = change;
  // Held under the ledger lock, so this only fails if something bypassed it.
  if (!(await updateInvoiceRow(t.db, next, read)))
    throw conflict('the invoice changed meanwhile; reload it and try again');
  for (const e of change.events)
    await emitInvoiceEvent(ctx, t, read.account_id, {
      type: 'Invoice',
      event: e.event,
      data: render(ctx, e.row),
    });
  await creditSettlement(t, read, next);
  await setLedgerStatus(t.db, read.account_id, read.id, next.status, next.status_context);
  return render(ctx, next);
}

/**
 * Completing an invoice credits the merchant its price less the processing fee, in the price
 * currency (`Invoice` movement). Whatever else was received is held outside the balances until a
 * refund or recalculation resolves it.
 */
async function creditSettlement(t: Tx, read: InvoiceRow, next: InvoiceRow): Promise<void> {
  const units = settlementUnits(read.status, next.status, next);
  if (units === null || units === 0n) return;
  const fee = parseUnits(next.fee, precisionOf(next.fee_currency));
  if (!fee.ok) throw new Error(`stored fee ${next.fee} does not parse`);
  const posted = await postLedgerEntry(t.db, {
    accountId: next.account_id,
    currency: next.price_currency,
    units,
    referenceType: 'Invoice',
    referenceId: next.id,
    description: `Invoice ${next.custom_id ?? next.id} paid`,
    at: next.updated_at,
    status: next.status,
    statusContext: next.status_context,
    customId: next.custom_id,
    customerId: next.customer_id,
    fee: { units: fee.units, currency: next.fee_currency },
    risk: riskOf(next),
  });
  if (!posted.ok) throw new Error('a settlement credit was refused');
}
