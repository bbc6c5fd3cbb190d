import type { AppContext } from '../../../platform/context.js';
import type { SandboxAudit, Simulator, Trigger } from '../resource.js';
import { paySubscription } from './subscription-payments.js';
import { cancelSubscription, createSubscription, lapseOverdue } from './subscription-service.js';
import { findNewestActiveRow } from './subscription-store.js';
import { MIN_LEAD_MS } from './subscription-terms.js';
import {
  createSubscriptionBody,
  SUBSCRIPTION_SIMULATIONS,
  type Subscription,
  type SubscriptionSimulation,
} from './subscriptions.schemas.js';

/**
 * `signet sandbox simulate subscription <id> paid|cancelled`, the dashboard's simulate endpoint
 * and the `Subscription.*` triggers all come here.
 */
export function simulateSubscription(
  ctx: AppContext,
  accountId: string,
  id: string,
  state: SubscriptionSimulation,
  audit: SandboxAudit,
): Promise<Subscription> {
  return state === 'paid'
    ? paySubscription(ctx, accountId, id, audit)
    : cancelSubscription(ctx, accountId, id, audit);
}

export const subscriptionSimulator: Simulator = {
  resource: 'subscription',
  states: SUBSCRIPTION_SIMULATIONS,
  simulate: (ctx, accountId, id, state, _options, audit) =>
    simulateSubscription(ctx, accountId, id, state as SubscriptionSimulation, audit),
};

/** The account's newest active subscription, or a new monthly 10 EUR one due in three days. */
async function triggerSubscription(ctx: AppContext, accountId: string): Promise<string> {
  await lapseOverdue(ctx, accountId);
  const found = await findNewestActiveRow(ctx.db.kysely, accountId);
  if (found) return found.id;
  const startsAt = new Date(ctx.now().getTime() + MIN_LEAD_MS + 3_600_000);
  const input = createSubscriptionBody.parse({
    name: 'Sandbox trigger subscription',
    amount: '10',
    currency: 'EUR',
    period: 'month',
    period_quantity: 1,
    starts_at: startsAt.toISOString(),
    payer_email: 'payer@example.com',
  });
  return (await createSubscription(ctx, accountId, input)).id;
}

export const subscriptionTriggers: Trigger[] = SUBSCRIPTION_SIMULATIONS.map((event) => ({
  event: `Subscription.${event}`,
  fire: async (ctx, accountId, audit) =>
    simulateSubscription(ctx, accountId, await triggerSubscription(ctx, accountId), event, audit),
}));
