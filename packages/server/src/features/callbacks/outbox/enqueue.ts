import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/tx.js';
import type { CallbackSource, CallbackStatus } from '../tables.js';
import { wakeWorkersAfterCommit } from './wake.js';

export interface CallbackEvent {
  accountId: string;
  /** Resource name as Cryptopay spells it: Invoice, ChannelPayment, ... */
  type: string;
  event: string;
  data: unknown;
}

/** Where an event came from, and the platform publisher's idempotency key (unique per account). */
export interface OutboxOrigin {
  source: CallbackSource;
  idempotencyKey?: string | undefined;
}

export interface EnqueuedCallback {
  id: string;
  eventId: string;
  status: CallbackStatus;
}

/** The exact JSON text sent and signed for an event: `{type, event, data}`. */
export const callbackBodyOf = (event: Pick<CallbackEvent, 'type' | 'event' | 'data'>): string =>
  JSON.stringify({ type: event.type, event: event.event, data: event.data });

/**
 * Writes an event into the outbox. Call it with the transaction that makes the state change, so
 * the change and its callback commit together or not at all; the workers are woken after the
 * commit. The body is serialised once, here: every retry sends and signs the same bytes.
 */
export async function enqueueCallback(ctx: AppContext, t: Tx, event: CallbackEvent): Promise<string> {
  return (await writeOutbox(ctx, t, event, { source: 'signet' })).id;
}

/**
 * enqueueCallback with its origin: the platform API's events go through here, so they are stored,
 * signed, retried, listed and resent exactly like Signet's own. With an idempotency key, a second
 * row for the same (account, key) violates the unique index (platform-events.migration.ts).
 */
export async function writeOutbox(
  ctx: AppContext,
  t: Tx,
  event: CallbackEvent,
  origin: OutboxOrigin,
): Promise<EnqueuedCallback> {
  const db = t.db;
  const account = await db
    .selectFrom('accounts')
    .select('callback_url')
    .where('id', '=', event.accountId)
    .executeTakeFirstOrThrow();
  const now = t.now.toISOString();
  const id = randomUUID();
  const eventId = randomUUID();
  // Without a URL the event is still recorded, and shown as not sent.
  const status: CallbackStatus = account.callback_url ? 'pending' : 'not_sent';
  await db
    .insertInto('callbacks')
    .values({
      id,
      account_id: event.accountId,
      event_id: eventId,
      type: event.type,
      event: event.event,
      body: callbackBodyOf(event),
      status,
      url: account.callback_url,
      next_attempt_at: account.callback_url ? now : null,
      lease_owner: null,
      lease_until: null,
      created_at: now,
      delivered_at: null,
      source: origin.source,
      idempotency_key: origin.idempotencyKey ?? null,
    })
    .execute();
  wakeWorkersAfterCommit(ctx, t);
  return { id, eventId, status };
}
