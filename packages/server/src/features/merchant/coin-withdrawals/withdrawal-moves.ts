import type { AppContext } from '../../../platform/context.js';
import { tx, type Tx } from '../../../platform/db/tx.js';
import { sandboxTxid } from '../addresses/addresses.js';
import { postLedgerEntry, setLedgerStatus, signedUnits } from '../balances/ledger-store.js';
import { coinWithdrawalObject, type CoinWithdrawalRow } from './withdrawal-object.js';
import { emitWithdrawalEvent } from './withdrawal-events.js';
import { COMMIT_WINDOW_MS, refundsOnEnter, type CoinWithdrawalStatus } from './withdrawal-state.js';
import { findOverdueRows, updateWithdrawalState } from './withdrawal-store.js';

/**
 * Applies a planned walk of statuses to a withdrawal inside `t`: per step the row (txid once it
 * is sent), the returned debit on entering `cancelled`, and a `status_changed` callback carrying
 * the withdrawal as it stood then; finally the ledger movements show the last status. The first
 * step is a compare-and-set on the status it was planned from: false (nothing written) when
 * another request moved the withdrawal meanwhile.
 */
export async function applySteps(
  ctx: AppContext,
  t: Tx,
  row: CoinWithdrawalRow,
  steps: readonly CoinWithdrawalStatus[],
): Promise<{ moved: false } | { moved: true; row: CoinWithdrawalRow }> {
  const now = t.now.toISOString();
  let current = row;
  for (const status of steps) {
    const next: CoinWithdrawalRow = {
      ...current,
      status,
      // A payout has a transaction once it is broadcast; one resolved from failed gets it then.
      txid: current.txid ?? (status === 'sent' || status === 'completed' ? sandboxTxid() : null),
      committed_at: current.committed_at ?? (status === 'pending' ? now : null),
      updated_at: now,
    };
    if (!(await updateWithdrawalState(t.db, next, current.status))) {
      if (current === row) return { moved: false };
      throw new Error(`coin withdrawal ${row.id} changed in the middle of its own transaction`);
    }
    if (refundsOnEnter(current.status, status)) await returnDebit(t, next);
    await emitWithdrawalEvent(ctx, t, next.account_id, 'status_changed', coinWithdrawalObject(next));
    current = next;
  }
  await setLedgerStatus(t.db, current.account_id, current.id, current.status);
  return { moved: true, row: current };
}

/** The cancelled payout's debit back on the balance: one credit, the same reference. */
async function returnDebit(t: Tx, row: CoinWithdrawalRow): Promise<void> {
  const units = signedUnits(row.charged_amount, row.charged_currency);
  await postLedgerEntry(t.db, {
    accountId: row.account_id,
    currency: row.charged_currency,
    units,
    referenceType: 'CoinWithdrawal',
    referenceId: row.id,
    description: `Coin withdrawal ${row.custom_id ?? row.id} cancelled: ${row.charged_amount} ${row.charged_currency} returned`,
    at: t.now.toISOString(),
    status: 'cancelled',
    customId: row.custom_id,
    customerId: row.customer_id,
  });
}

/**
 * Cancels the account's `new` withdrawals whose 30-second commit window has closed, returning
 * what they held. The sandbox has no timer: every withdrawal request of the account runs this
 * first, so nobody sees a stale `new` quote and held money is released before a new debit.
 */
export async function expireOverdue(ctx: AppContext, accountId: string): Promise<void> {
  const cutoff = new Date(ctx.now().getTime() - COMMIT_WINDOW_MS).toISOString();
  const overdue = await findOverdueRows(ctx.db.kysely, accountId, cutoff);
  if (overdue.length === 0) return;
  await tx(ctx, async (t) => {
    // One that a concurrent request expired (or committed) meanwhile is simply skipped.
    for (const row of overdue) await applySteps(ctx, t, row, ['cancelled']);
  });
}
