import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/tx.js';
import { wakeWorkersAfterCommit } from './wake.js';

export interface CallbackEvent {
  accountId: string;
  /** Resource name as Cryptopay spells it: Invoice, ChannelPayment, ... */
  type: string;
  event: string;
  data: unknown;
}

/**
 * Writes an event into the outbox. Call it with the transaction that makes the state change, so
 * the change and its callback commit together or not at all; the workers are woken after the
 * commit. The body is serialised once, here: every retry sends and signs the same bytes.
 */
export async function enqueueCallback(ctx: AppContext, t: Tx, event: CallbackEvent): Promise<string> {
  const db = t.db;
  const account = await db
    .selectFrom('accounts')
    .select('callback_url')
    .where('id', '=', event.accountId)
    .executeTakeFirstOrThrow();
  const now = t.now.toISOString();
  const id = randomUUID();
  await db
    .insertInto('callbacks')
    .values({
      id,
      account_id: event.accountId,
      event_id: randomUUID(),
      type: event.type,
      event: event.event,
      body: JSON.stringify({ type: event.type, event: event.event, data: event.data }),
      // Without a URL the event is still recorded, and shown as not sent.
      status: account.callback_url ? 'pending' : 'not_sent',
      url: account.callback_url,
      next_attempt_at: account.callback_url ? now : null,
      lease_owner: null,
      lease_until: null,
      created_at: now,
      delivered_at: null,
    })
    .execute();
  wakeWorkersAfterCommit(ctx, t);
  return id;
}
