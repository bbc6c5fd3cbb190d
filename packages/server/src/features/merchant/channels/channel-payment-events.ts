import { enqueueCallback } from '../../callbacks/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/tx.js';
import type { ChannelPaymentEventName } from './channel-states.js';
import type { ChannelPayment } from './channels.schemas.js';

/** A ChannelPayment callback body (CRYPTOPAY-API.md §4.2): `data` is the payment as GET shows it. */
export interface ChannelPaymentEvent {
  type: 'ChannelPayment';
  event: ChannelPaymentEventName;
  data: ChannelPayment;
}

/** Into the outbox inside the transaction that made the change: both commit or neither does. */
export async function emitChannelPaymentEvent(
  ctx: AppContext,
  t: Tx,
  accountId: string,
  event: ChannelPaymentEventName,
  data: ChannelPayment,
): Promise<void> {
  await enqueueCallback(ctx, t, { accountId, type: 'ChannelPayment', event, data });
}
