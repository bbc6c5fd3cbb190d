import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { InvoiceObject } from './invoice-object.js';
import type { InvoiceEventName } from './invoice-state.js';

/** A callback-worthy event, in the body shape callbacks carry (PROTOCOL.md §2). */
export interface InvoiceEvent {
  type: 'Invoice';
  event: InvoiceEventName;
  data: InvoiceObject;
}

/**
 * Receives every invoice event inside the transaction that made the change, so the durable
 * callbacks outbox commits (or rolls back) together with the invoice. The callbacks feature
 * installs its sink with `setInvoiceEventSink`; until then events are dropped.
 */
export type InvoiceEventSink = (
  trx: Transaction<Database>,
  accountId: string,
  event: InvoiceEvent,
) => Promise<void>;

const noSink: InvoiceEventSink = async () => undefined;
let sink: InvoiceEventSink = noSink;

/** Installs the sink (null restores the default no-op). Process-wide, like the feature list itself. */
export function setInvoiceEventSink(fn: InvoiceEventSink | null): void {
  sink = fn ?? noSink;
}

export function emitInvoiceEvent(
  trx: Transaction<Database>,
  accountId: string,
  event: InvoiceEvent,
): Promise<void> {
  return sink(trx, accountId, event);
}
