import { enqueueCallback } from '../../callbacks/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/tx.js';
import type { SubscriptionEventName } from './subscription-states.js';
import type { Subscription } from './subscriptions.schemas.js';

/** A `Subscription` callback body (CRYPTOPAY-API.md §4.2): `data` is the object as GET shows it. */
export interface SubscriptionEvent {
  type: 'Subscription';
  event: SubscriptionEventName;
  data: Subscription;
}

/** Into the outbox, inside the transaction that made the change: both commit or neither. */
export async function emitSubscriptionEvent(
  ctx: AppContext,
  t: Tx,
  accountId: string,
  event: SubscriptionEventName,
  data: Subscription,
): Promise<void> {
  await enqueueCallback(ctx, t, { accountId, type: 'Subscription', event, data });
}
