import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import { isUniqueViolation } from '../../../platform/db/errors.js';
import { tx, type Tx } from '../../../platform/db/tx.js';
import {
  conflict,
  duplicateCustomId,
  fieldError,
  notFound,
  validationFailed,
  type ApiError,
} from '../../../platform/http/errors.js';
import type { SandboxAudit } from '../resource.js';
import type { MerchantPageQuery } from '../wire/list.js';
import { issueBill } from './subscription-bills.js';
import { emitSubscriptionEvent } from './subscription-events.js';
import { stateOf, subscriptionObject, withState, type SubscriptionRow } from './subscription-object.js';
import { planSubscription, type SubscriptionAction, type SubscriptionPlan } from './subscription-states.js';
import {
  findOverdueRows,
  findSubscriptionRow,
  findSubscriptionRowByCustomId,
  insertSubscriptionRow,
  listSubscriptionRows,
  updateSubscriptionState,
} from './subscription-store.js';
import { checkSubscriptionTerms } from './subscription-terms.js';
import type { CreateSubscriptionInput, Subscription, SubscriptionList } from './subscriptions.schemas.js';

/**
 * A refused move as Cryptopay's 422 `invalid` (the codes are the sandbox's [I]): target is the id
 * parameter, `args.status` the status the subscription is in.
 */
export function refusal(plan: Extract<SubscriptionPlan, { ok: false }>, row: SubscriptionRow): ApiError {
  return fieldError('subscription_id', plan.message, plan.code, { status: row.status });
}

/**
 * Creates a subscription and, in the same transaction, the bill for its first period (an invoice
 * linked by `subscription_id`, with its own `Invoice.created` callback). No Subscription callback:
 * Cryptopay has no `created` event.
 */
export async function createSubscription(
  ctx: AppContext,
  accountId: string,
  input: CreateSubscriptionInput,
): Promise<Subscription> {
  const now = ctx.now();
  const checked = checkSubscriptionTerms(input, now);
  if (!checked.ok) throw validationFailed(checked.issues);
  const at = now.toISOString();
  const row: SubscriptionRow = {
    id: randomUUID(),
    account_id: accountId,
    status: 'active',
    custom_id: input.custom_id ?? null,
    name: input.name,
    amount: checked.terms.amount,
    currency: checked.terms.currency,
    period: input.period,
    period_quantity: input.period_quantity,
    starts_at: checked.terms.starts_at,
    periods_paid: 0,
    last_paid_invoice_id: null,
    payer_email: input.payer_email,
    payer_name: input.payer_name ?? null,
    product_name: input.product_name ?? null,
    product_description: input.product_description ?? null,
    success_redirect_url: input.success_redirect_url ?? null,
    unsuccess_redirect_url: input.unsuccess_redirect_url ?? null,
    created_at: at,
    cancelled_at: null,
    updated_at: at,
  };
  try {
    await tx(ctx, async (t) => {
      await insertSubscriptionRow(t.db, row);
      await issueBill(ctx, t, row, 1);
    });
  } catch (err) {
    // Caught outside the transaction: on PostgreSQL the failed insert has aborted it.
    if (isUniqueViolation(err)) throw duplicateCustomId('subscription');
    throw err;
  }
  return subscriptionObject(row);
}

/**
 * Applies one lifecycle move to `row` inside `t`: the state (only if nobody moved it meanwhile),
 * its callback and, for sandbox simulations, the audit line. Null when the row had changed.
 */
export async function applyMove(
  ctx: AppContext,
  t: Tx,
  row: SubscriptionRow,
  action: SubscriptionAction,
  extra: { lastPaidInvoiceId?: string; audit?: SandboxAudit } = {},
): Promise<
  { ok: true; data: Subscription } | { ok: false; plan: Extract<SubscriptionPlan, { ok: false }> } | null
> {
  const plan = planSubscription(stateOf(row), action, t.now);
  if (!plan.ok) return { ok: false, plan };
  const updated: SubscriptionRow = {
    ...withState(row, plan.next, t.now.toISOString()),
    ...(extra.lastPaidInvoiceId !== undefined ? { last_paid_invoice_id: extra.lastPaidInvoiceId } : {}),
  };
  if (!(await updateSubscriptionState(t.db, updated, row))) return null;
  const data = subscriptionObject(updated);
  await emitSubscriptionEvent(ctx, t, row.account_id, plan.event, data);
  if (extra.audit)
    await t.audit({
      accountId: row.account_id,
      actor: extra.audit.actor,
      action: 'sandbox.subscription_simulated',
      target:
        plan.event === 'paid'
          ? `${row.id}: period ${updated.periods_paid} paid${extra.lastPaidInvoiceId ? ` (invoice ${extra.lastPaidInvoiceId})` : ''}`
          : `${row.id}: ${row.status} → ${updated.status}`,
      ip: extra.audit.ip,
    });
  return { ok: true, data };
}

/**
 * A never-paid subscription lapses at `starts_at` (→ cancelled, event `cancelled`, cancelled_at =
 * starts_at). The sandbox runs no timer: every read, cancel and simulation of the account's
 * subscriptions first lapses the ones whose deadline has passed, so the answer is always as if the
 * lapse had happened on time; the callback is sent then. `id` narrows the sweep to one.
 */
export async function lapseOverdue(ctx: AppContext, accountId: string, id?: string): Promise<void> {
  const due = await findOverdueRows(ctx.db.kysely, accountId, ctx.now().toISOString(), id);
  if (due.length === 0) return;
  await tx(ctx, async (t) => {
    // A row paid or cancelled meanwhile is simply skipped (the conditional update refuses it).
    for (const row of due) await applyMove(ctx, t, row, 'expire');
  });
}

export async function getSubscription(ctx: AppContext, accountId: string, id: string): Promise<Subscription> {
  await lapseOverdue(ctx, accountId, id);
  const row = await findSubscriptionRow(ctx.db.kysely, accountId, id);
  if (!row) throw notFound('subscription');
  return subscriptionObject(row);
}

export async function getSubscriptionByCustomId(
  ctx: AppContext,
  accountId: string,
  customId: string,
): Promise<Subscription> {
  const found = await findSubscriptionRowByCustomId(ctx.db.kysely, accountId, customId);
  if (!found) throw notFound('subscription');
  return getSubscription(ctx, accountId, found.id);
}

/** Newest first; an unknown cursor (another account's subscription included) is a 422. */
export async function listSubscriptions(
  ctx: AppContext,
  accountId: string,
  query: MerchantPageQuery,
): Promise<SubscriptionList> {
  await lapseOverdue(ctx, accountId);
  const found = await listSubscriptionRows(ctx.db.kysely, accountId, query);
  if (!found)
    throw fieldError(
      'querystring.starting_after',
      'must be the id of a subscription in this list',
      'not_found',
    );
  return {
    data: found.rows.map(subscriptionObject),
    meta: { total: found.total, has_more: found.hasMore },
  };
}

/**
 * `POST /api/subscriptions/:id/cancel` (and the sandbox's `cancelled`): active → cancelled now,
 * event `cancelled`. A cancelled one (by the API or lapsed) is a 422 `invalid_state`. The open
 * bill, if any, is left to the invoice lifecycle [I].
 */
export async function cancelSubscription(
  ctx: AppContext,
  accountId: string,
  id: string,
  audit?: SandboxAudit,
): Promise<Subscription> {
  await lapseOverdue(ctx, accountId, id);
  return tx(ctx, async (t) => {
    const row = await findSubscriptionRow(t.db, accountId, id);
    if (!row) throw notFound('subscription');
    const moved = await applyMove(ctx, t, row, 'cancel', audit ? { audit } : {});
    if (moved?.ok) return moved.data;
    if (moved) throw refusal(moved.plan, row);
    // Moved by someone else between our read and write: judge the request against what is there now.
    const fresh = await findSubscriptionRow(t.db, accountId, id);
    const again = fresh ? planSubscription(stateOf(fresh), 'cancel', t.now) : null;
    if (fresh && again && !again.ok) throw refusal(again, fresh);
    throw conflict('the subscription changed meanwhile; reload it and try again');
  });
}
