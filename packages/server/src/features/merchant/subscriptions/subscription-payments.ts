import type { AppContext } from '../../../platform/context.js';
import { tx } from '../../../platform/db/tx.js';
import { conflict, notFound } from '../../../platform/http/errors.js';
import { lockLedger } from '../balances/ledger-store.js';
import { simulateInTx } from '../invoices/invoice-simulation-service.js';
import type { SandboxAudit } from '../resource.js';
import { issueBill, type Bill } from './subscription-bills.js';
import { stateOf } from './subscription-object.js';
import { applyMove, lapseOverdue, refusal } from './subscription-service.js';
import { planSubscription } from './subscription-states.js';
import { findNewestBill, findSubscriptionRow } from './subscription-store.js';
import type { Subscription } from './subscriptions.schemas.js';

/**
 * The sandbox's `paid`: the payer pays the bill of the next period, all in one transaction:
 *
 *   1. the bill: the subscription's newest invoice if it is still payable (`new`), or completed
 *      through the invoice tools but not yet counted; otherwise (none, already counted, or
 *      cancelled/unresolved/refunded) a new bill for that period is issued (`Invoice.created`);
 *   2. the payment: a `new` bill is completed by the invoice simulation (its transaction and
 *      status callbacks, the ledger credit, its audit line);
 *   3. the period counts as paid: periods_paid + 1, the bill remembered as counted, the period
 *      dates advance, event `paid`, audit `sandbox.subscription_simulated`.
 *
 * The account's ledger lock is taken first, so simultaneous payments of one account run one after
 * the other (each pays one period) and a refusal leaves nothing behind.
 */
export async function paySubscription(
  ctx: AppContext,
  accountId: string,
  id: string,
  audit: SandboxAudit,
): Promise<Subscription> {
  await lapseOverdue(ctx, accountId, id);
  return tx(ctx, async (t) => {
    await lockLedger(t.db, accountId);
    const row = await findSubscriptionRow(t.db, accountId, id);
    if (!row) throw notFound('subscription');
    const plan = planSubscription(stateOf(row), 'pay', t.now);
    if (!plan.ok) throw refusal(plan, row);

    const newest = await findNewestBill(t.db, accountId, id);
    const usable =
      newest !== null &&
      newest.id !== row.last_paid_invoice_id &&
      (newest.status === 'new' || newest.status === 'completed');
    const bill: Bill = usable ? newest : await issueBill(ctx, t, row, row.periods_paid + 1);
    if (bill.status === 'new')
      await simulateInTx(ctx, t, accountId, bill.id, 'completed', { field: 'subscription_id' }, audit);

    const moved = await applyMove(ctx, t, row, 'pay', { lastPaidInvoiceId: bill.id, audit });
    if (moved?.ok) return moved.data;
    if (moved) throw refusal(moved.plan, row);
    throw conflict('the subscription changed meanwhile; reload it and try again');
  });
}
