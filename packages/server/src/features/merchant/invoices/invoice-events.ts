import { enqueueCallback } from '../../callbacks/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/tx.js';
import type { InvoiceObject } from './invoice-object.js';
import type { InvoiceEventName } from './invoice-state.js';

/** A callback-worthy event, in the body shape callbacks carry (PROTOCOL.md §2). */
export interface InvoiceEvent {
  type: 'Invoice';
  event: InvoiceEventName;
  data: InvoiceObject;
}

/**
 * Writes the event into the callbacks outbox inside the transaction that made the change, so the
 * invoice and its callback commit (or roll back) together.
 */
export async function emitInvoiceEvent(
  ctx: AppContext,
  t: Tx,
  accountId: string,
  event: InvoiceEvent,
): Promise<void> {
  await enqueueCallback(ctx, t, { accountId, type: event.type, event: event.event, data: event.data });
}
